package io.stagegate.events;

/**
 * A versioned record for a Kafka topic. The schema names the JSON Schema file under {@code schemas/} and, through
 * configuration, the topic; the key (the query id) keeps a query's events on one partition, in order.
 */
public sealed interface Event permits QueryEvent, FeedbackEvent, TrainingEvent, ShadowEvent {
    String schema();

    String eventId();

    /** The Kafka record key: the query id. */
    String queryId();
}
