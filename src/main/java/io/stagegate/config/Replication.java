package io.stagegate.config;

/** How replicas of the embedded index share the corpus: not at all, or through the compacted documents topic. */
public enum Replication {
    NONE, KAFKA
}
