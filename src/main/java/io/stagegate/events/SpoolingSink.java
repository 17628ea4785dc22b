package io.stagegate.events;

/**
 * A publisher that keeps a durable {@link Spool} next to Kafka ({@link EventPublisher}, {@link WriteAheadPublisher}):
 * what metrics, health and shutdown read from it.
 */
public interface SpoolingSink extends EventSink, AutoCloseable {
    Durability durability();

    EventCounters counters();

    Spool spool();

    boolean kafkaConfigured();

    /** A Kafka outage is in progress: sends fail or go unacknowledged, and events wait in the spool. */
    boolean kafkaFailing();

    /** Events handed over and not yet sent or spooled. */
    int buffered();

    /** Hands what it holds to Kafka within the shutdown budget, leaves the rest in the spool, and closes it. */
    @Override
    void close();

    /** UP, UP but degraded (events wait in the spool), or DOWN (events are being dropped). */
    enum Status { UP, DEGRADED, DOWN }

    record Health(Status status, String summary) {
    }

    /**
     * DOWN only when new events would be dropped (the spool refused its last record); degraded while events wait in
     * the spool for Kafka (an outage, a replay after one, or no Kafka configured). In write-ahead mode every event
     * passes through the spool, so a short queue there is normal and not degraded.
     */
    default Health health() {
        Spool spool = spool();
        long pending = spool.pendingRecords();
        if (spool.full()) {
            return new Health(Status.DOWN, "dropping: the spool is full (" + spool.diskBytes() + " of "
                    + spool.settings().maxBytes() + " bytes, stagegate.events.spool.max-bytes), " + pending + " pending");
        }
        if (!kafkaConfigured()) {
            return new Health(Status.DEGRADED, "spooling, " + pending + " pending (no Kafka configured)");
        }
        if (kafkaFailing()) {
            return new Health(Status.DEGRADED, "spooling, " + pending + " pending (Kafka unavailable)");
        }
        if (pending > 0 && durability() == Durability.BUFFERED) {
            return new Health(Status.DEGRADED, "spooling, " + pending + " pending (replaying)");
        }
        return new Health(Status.UP, pending + " pending");
    }
}
