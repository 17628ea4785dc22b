package io.stagegate.index.replication;

import java.time.Duration;
import java.util.Map;

/**
 * How replicas share the corpus: the Kafka they reach (servers and any client property, e.g. security), the compacted
 * topic, the partitions and replication factor it is created with, and how long an ingest waits for this replica to
 * apply what it published (read-your-writes).
 */
public record ReplicationSettings(String servers, Map<String, String> clientProps, String topic, int partitions,
                                  short replicationFactor, Duration applyTimeout) {
    public ReplicationSettings {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("servers must be host:port[,host:port...], was '" + servers + "'");
        }
        if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("topic must be 1-249 characters of [A-Za-z0-9._-], was '" + topic + "'");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be 1..10000, was " + partitions);
        }
        if (replicationFactor < 1 || replicationFactor > 16) {
            throw new IllegalArgumentException("replicationFactor must be 1..16, was " + replicationFactor);
        }
        if (applyTimeout.isNegative() || applyTimeout.isZero()) {
            throw new IllegalArgumentException("applyTimeout must be positive, was " + applyTimeout);
        }
        clientProps = Map.copyOf(clientProps);
    }
}
