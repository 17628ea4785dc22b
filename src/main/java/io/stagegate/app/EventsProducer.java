package io.stagegate.app;

import io.stagegate.config.KafkaProducers;
import io.stagegate.config.StagegateConfig;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.observe.MetricNames;
import io.stagegate.events.Durability;
import io.stagegate.events.EventCounters;
import io.stagegate.events.EventPublisher;
import io.stagegate.events.EventSink;
import io.stagegate.events.EventTopics;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.events.QueryEvents;
import io.stagegate.catalog.Gateway;
import io.stagegate.experiments.report.ExperimentLog;
import io.stagegate.experiments.report.RecordingSink;
import java.time.Clock;
import io.stagegate.events.Spool;
import io.stagegate.events.SpoolingSink;
import io.stagegate.events.WriteAheadPublisher;
import io.stagegate.events.TopicCreator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/** Builds the event sink from {@code stagegate.events}: Kafka plus spool, spool only, or off; says which at startup. */
@ApplicationScoped
public class EventsProducer {
    private static final Logger LOG = Logger.getLogger(EventsProducer.class);

    @Produces
    @Singleton
    ExperimentLog experimentLog(StagegateConfig config, MeterRegistry registry) {
        ExperimentLog log = new ExperimentLog(config.routing().reportWindow());
        // One gauge per experiment, registered when its first query is recorded, read from the log on each scrape.
        log.onNewExperiment(id -> Gauge.builder(MetricNames.EXPERIMENT_SRM_P_VALUE, log, l -> l.srmPValue(id))
                .tag("experiment", id).description("Sample-ratio check p-value of the experiment's latest version")
                .register(registry));
        return log;
    }

    @Produces
    @Singleton
    EventSink sink(StagegateConfig config, MeterRegistry registry) {
        StagegateConfig.EventsConfig e = config.events();
        if (!e.enabled()) {
            LOG.info("events: off (stagegate.events.enabled=false); no query or feedback events are recorded");
            return EventSink.OFF;
        }
        StagegateConfig.SpoolConfig s = e.spool();
        Path dir = Path.of(s.dir().orElse(Path.of(config.dataDir()).resolve("events-spool").toString()));
        Spool spool = Spool.open(new Spool.Settings(dir, s.maxBytes(), s.segmentBytes(), s.fsync(),
                s.fsyncInterval().toNanos()), System::nanoTime);
        StagegateConfig.TopicsConfig t = e.topics();
        EventTopics topics = new EventTopics(t.query(), t.feedback(), t.training(), t.shadow());
        Optional<Producer<String, byte[]>> producer = e.kafka().bootstrapServers().map(b -> KafkaProducers.create(b, e.kafka()));
        EventPublisher.Settings settings = new EventPublisher.Settings(e.buffer(), e.replayBatch(), e.retryInterval(),
                e.replayTimeout(), e.slowAfter(), e.shutdownTimeout(), e.gather());
        Durability durability = e.durability();
        SpoolingSink publisher = durability == Durability.WRITE_AHEAD
                ? new WriteAheadPublisher(producer, spool, topics, settings, System::nanoTime)
                : new EventPublisher(producer, spool, topics, settings, System::nanoTime);
        metrics(registry, publisher);
        if (producer.isPresent()) {
            String servers = e.kafka().bootstrapServers().get();
            LOG.infof("events: Kafka at %s, topics %s / %s; durability %s: %s %s (max %d MiB, fsync %s)", servers,
                    t.query(), t.feedback(), durability.wire(), durability == Durability.WRITE_AHEAD
                            ? "every event is written ahead to the spool before its response and shipped from"
                            : "events go to the spool while Kafka is slow or down:", dir, s.maxBytes() >> 20, s.fsync().name().toLowerCase(java.util.Locale.ROOT));
            if (t.create()) {
                TopicCreator.ensureInBackground(servers, e.kafka().producer(), topics, t.partitions(), t.replicationFactor());
            }
        } else {
            LOG.infof("events: no Kafka configured (stagegate.events.kafka.bootstrap-servers); query and feedback events "
                    + "are kept in the spool %s (max %d MiB, durability %s) and shipped once Kafka is configured; "
                    + "stagegate.events.enabled=false switches them off", dir, s.maxBytes() >> 20, durability.wire());
        }
        return publisher;
    }

    @Produces
    @Singleton
    QueryEvents queryEvents(EventSink sink, Gateway gateway, ExperimentLog log) {
        return new QueryEvents(recording(sink, log), gateway::pair, Clock.systemUTC());
    }

    @Produces
    @Singleton
    FeedbackEvents feedbackEvents(EventSink sink, ExperimentLog log) {
        return new FeedbackEvents(recording(sink, log), Clock.systemUTC());
    }

    /** The sink, teed to the live experiment log (which the report endpoint reads) while events are on. */
    static EventSink recording(EventSink sink, ExperimentLog log) {
        return sink.enabled() ? new RecordingSink(sink, log) : sink;
    }

    void close(@Disposes EventSink sink) {
        if (sink instanceof SpoolingSink p) {
            p.close();
        }
    }

    private static void metrics(MeterRegistry registry, SpoolingSink publisher) {
        EventCounters c = publisher.counters();
        counter(registry, MetricNames.EVENTS_PUBLISHED, "Events Kafka acknowledged when first sent (write-ahead: from "
                + "the spool)", c, EventCounters::published, null);
        counter(registry, MetricNames.EVENTS_SPOOLED, "Events written to the local spool", c, EventCounters::spooled, null);
        counter(registry, MetricNames.EVENTS_REPLAYED, "Spooled events Kafka acknowledged", c, EventCounters::replayed, null);
        counter(registry, MetricNames.EVENTS_DROPPED, "Events lost because the spool was full", c,
                EventCounters::droppedSpoolFull, "spool_full");
        counter(registry, MetricNames.EVENTS_DROPPED, "Events lost because the hand-off buffer was full", c,
                EventCounters::droppedBufferFull, "buffer_full");
        counter(registry, MetricNames.EVENTS_DROPPED, "Events lost because the spool could not be written", c,
                EventCounters::droppedSpoolError, "spool_error");
        Gauge.builder(MetricNames.EVENTS_SPOOL_PENDING, publisher, p -> p.spool().pendingRecords())
                .description("Events in the spool waiting for Kafka").register(registry);
        Gauge.builder(MetricNames.EVENTS_SPOOL_BYTES, publisher, p -> p.spool().diskBytes())
                .description("Bytes the spool files take").baseUnit("bytes").register(registry);
        Gauge.builder(MetricNames.EVENTS_BUFFERED, publisher, SpoolingSink::buffered)
                .description("Events handed over and not yet sent or spooled").register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String help, EventCounters c,
                                ToDoubleFunction<EventCounters> f, String reason) {
        FunctionCounter.Builder<EventCounters> b = FunctionCounter.builder(name, c, f).description(help);
        if (reason != null) {
            b.tag("reason", reason);
        }
        b.register(registry);
    }
}
