package io.stagegate.events;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * What both durabilities share: the spool, the optional Kafka producer with its link state and spool shipper, the
 * counters, and the end of a shutdown. Subclasses decide when an event reaches the spool and when a caller hears.
 */
abstract class SpoolingPublisher implements SpoolingSink {
    private static final Logger LOG = Logger.getLogger(SpoolingPublisher.class);

    protected final Optional<Producer<String, byte[]>> producer;
    protected final Spool spool;
    protected final EventTopics topics;
    protected final EventPublisher.Settings settings;
    protected final LongSupplier nanoTime;
    protected final EventCounters counters = new EventCounters();
    protected final KafkaLink link;
    protected final Optional<SpoolShipper> shipper;
    protected final DropLog drops;

    /** @param shippedCounter the counter a record shipped from the spool adds to (replayed, or published) */
    protected SpoolingPublisher(Optional<Producer<String, byte[]>> producer, Spool spool, EventTopics topics,
                                EventPublisher.Settings settings, LongSupplier nanoTime,
                                Function<EventCounters, LongConsumer> shippedCounter) {
        this.producer = producer;
        this.spool = spool;
        this.topics = topics;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.link = new KafkaLink(counters, spool.settings().dir(), nanoTime);
        LongConsumer shipped = shippedCounter.apply(counters);
        this.shipper = producer.map(p -> new SpoolShipper(p, spool, link, settings.shipping(), nanoTime, shipped));
        this.drops = new DropLog(counters, nanoTime);
    }

    /** The record an event becomes: its topic, keyed by query id, as JSON. */
    protected SpooledRecord record(Event e) {
        return new SpooledRecord(topics.topicFor(e), e.queryId(), EventJson.bytes(e));
    }

    /**
     * With the publisher's threads stopped: ships what Kafka takes before {@code deadline} (nothing waits on Kafka any
     * more), closes the producer and the spool. What Kafka did not take stays in the spool for the next start.
     */
    protected void finishShutdown(long deadline) {
        shipper.ifPresent(s -> s.drain(deadline));
        producer.ifPresent(p -> p.close(Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong()))));
        spool.close();
        LOG.infof("events at shutdown: %s, %d left in the spool", counters, spool.pendingRecords());
    }

    @Override
    public EventCounters counters() {
        return counters;
    }

    @Override
    public Spool spool() {
        return spool;
    }

    @Override
    public boolean kafkaConfigured() {
        return producer.isPresent();
    }

    @Override
    public boolean kafkaFailing() {
        return link.failing();
    }
}
