package io.stagegate.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.stagegate.events.Event;
import io.stagegate.events.EventPublisher;
import io.stagegate.events.EventSink;
import io.stagegate.events.EventTopics;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.FsyncPolicy;
import io.stagegate.events.Spool;
import io.stagegate.events.WriteAheadPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events health check: UP, UP and degraded while the spool holds events for Kafka, DOWN only when dropping. */
class EventsHealthCheckTest {
    private static final EventTopics TOPICS = new EventTopics("q", "f", "t", "s");
    private static final EventPublisher.Settings SETTINGS = new EventPublisher.Settings(1000, 500, Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(2));

    @TempDir
    Path dir;

    private Spool spool(long maxBytes) {
        return Spool.open(new Spool.Settings(dir, maxBytes, 4096, FsyncPolicy.NEVER, 0), System::nanoTime);
    }

    private static Event click(int n) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, "e-" + n, "q-" + n, "click", "d-" + n, 1, null, null, null,
                "2026-11-26T10:00:00Z");
    }

    private static Map<String, Object> data(HealthCheckResponse r) {
        return r.getData().orElse(Map.of());
    }

    @Test
    void eventsSwitchedOffAreUp() {
        HealthCheckResponse r = EventsHealthCheck.response(EventSink.OFF);
        assertEquals("events", r.getName());
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals("off", data(r).get("mode"));
    }

    @Test
    void kafkaTakingEventsIsUpAndNotDegraded() throws Exception {
        MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime)) {
            p.publish(click(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            HealthCheckResponse r = EventsHealthCheck.response(p);
            assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
            assertEquals("write-ahead", data(r).get("durability"));
            assertEquals("accepting", data(r).get("kafka"));
            assertFalse(data(r).containsKey("degraded"), data(r).toString());
        }
    }

    @Test
    void eventsWaitingInTheSpoolAreUpButDegraded() throws Exception {
        try (EventPublisher p = new EventPublisher(Optional.empty(), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            p.publish(click(1));
            p.publish(click(2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (p.spool().pendingRecords() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            HealthCheckResponse r = EventsHealthCheck.response(p);
            assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
            assertEquals("spooling, 2 pending (no Kafka configured)", data(r).get("degraded"));
            assertEquals(2L, data(r).get("pending"));
        }
    }

    @Test
    void aFullSpoolThatDropsEventsIsDown() {
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.empty(), spool(8192), TOPICS, SETTINGS,
                System::nanoTime)) {
            for (int i = 0; i < 200; i++) {
                p.publish(click(i)).toCompletableFuture().exceptionally(e -> null).join();
            }
            HealthCheckResponse r = EventsHealthCheck.response(p);
            assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
            assertEquals(true, String.valueOf(data(r).get("down")).startsWith("dropping: the spool is full"),
                    data(r).toString());
        }
    }
}
