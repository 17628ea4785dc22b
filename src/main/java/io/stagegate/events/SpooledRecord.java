package io.stagegate.events;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** One Kafka record as the spool keeps it: topic, key and the serialised event. */
public record SpooledRecord(String topic, String key, byte[] value) {
    public SpooledRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (topic.getBytes(StandardCharsets.UTF_8).length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("topic name too long: " + topic.length() + " characters");
        }
    }
}
