package io.stagegate;

import java.util.Arrays;
import java.util.Locale;

/** How a pair finds its K candidates: the embedder's HNSW field, a BM25 field, or both fused. */
public enum Retriever {
    DENSE, BM25, HYBRID;

    /** The name used in configuration, the API and reports. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Retriever parse(String value) {
        for (Retriever r : values()) {
            if (r.wireName().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("retriever must be one of "
                + Arrays.stream(values()).map(Retriever::wireName).toList() + ", was '" + value + "'");
    }
}
