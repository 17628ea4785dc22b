package io.stagegate.config;

import java.util.Locale;

/** The Kafka producer's compression codec. */
public enum Compression {
    NONE, GZIP, SNAPPY, LZ4, ZSTD;

    /** The name Kafka's compression.type takes. */
    public String kafkaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
