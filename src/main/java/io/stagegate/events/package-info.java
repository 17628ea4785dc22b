/**
 * Versioned JSON events (query, feedback, shadow, training) with their schemas, and their delivery: the Kafka
 * publishers, the durable spool, shipping and replay. Publishing never blocks or fails a search. Uses nothing of ours
 * beyond the vocabulary.
 */
package io.stagegate.events;
