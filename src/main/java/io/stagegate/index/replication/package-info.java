/**
 * Replicas of the embedded index converging through the compacted documents topic: the writer that publishes and waits
 * for its own applier, and the applier. Uses {@code index} and {@code events}.
 */
package io.stagegate.index.replication;
