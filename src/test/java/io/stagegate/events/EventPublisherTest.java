package io.stagegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's state machine against Kafka's MockProducer, where the test decides when each send succeeds or fails:
 * direct sends, a failure that turns on spooling, replay in order, spool-only operation across a restart, a full spool.
 * (The real broker is killed and restarted under load in EventDeliveryTest.)
 */
class EventPublisherTest {
    private static final EventTopics TOPICS = new EventTopics("q", "f", "t", "s");
    private static final EventPublisher.Settings SETTINGS = new EventPublisher.Settings(1000, 500, Duration.ofMillis(50),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(2));

    @TempDir
    Path dir;

    private Spool spool(long maxBytes) {
        return Spool.open(new Spool.Settings(dir, maxBytes, 4096, FsyncPolicy.NEVER, 0), System::nanoTime);
    }

    private static MockProducer<String, byte[]> mock(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static FeedbackEvent click(int n) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, "e-" + n, "q-" + n, "click", "d-" + n, 1, null, null, null,
                "2026-11-26T10:00:00Z");
    }

    private static List<String> queryIds(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).toList();
    }

    @Test
    void sendsDirectlyKeyedByQueryIdWhileKafkaAcknowledges() {
        MockProducer<String, byte[]> kafka = mock(true);
        try (EventPublisher p = new EventPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            IntStream.range(0, 10).forEach(i -> p.publish(click(i)));
            await(() -> p.counters().published() == 10);
            assertEquals(IntStream.range(0, 10).mapToObj(i -> "q-" + i).toList(), queryIds(kafka.history()));
            assertTrue(kafka.history().stream().allMatch(r -> r.topic().equals("f")));
            assertEquals("d-3", EventJson.read(kafka.history().get(3).value(), FeedbackEvent.class).objectId());
            assertEquals(0, p.counters().spooled());
        }
    }

    @Test
    void aFailedSendTurnsOnTheSpoolWhichIsReplayedInOrderOnceKafkaIsBack() {
        MockProducer<String, byte[]> kafka = mock(false);
        try (EventPublisher p = new EventPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            p.publish(click(1));
            await(() -> kafka.history().size() == 1);
            kafka.errorNext(new TimeoutException("broker gone"));
            await(() -> p.counters().spooled() == 1);
            p.publish(click(2));
            p.publish(click(3));
            await(() -> p.counters().spooled() == 3);
            // While failing, replay probes with the oldest record alone.
            await(() -> kafka.history().size() == 2);
            assertEquals("q-1", kafka.history().get(1).key());
            kafka.completeNext();
            // Kafka is back: the rest follows in one batch, in spool order.
            await(() -> kafka.history().size() == 4);
            kafka.completeNext();
            kafka.completeNext();
            await(() -> p.counters().replayed() == 3 && p.spool().isEmpty());
            p.publish(click(4));
            await(() -> kafka.history().size() == 5);
            kafka.completeNext();
            await(() -> p.counters().published() == 1);
            assertEquals(List.of("q-1", "q-1", "q-2", "q-3", "q-4"), queryIds(kafka.history()));
            assertEquals(0, p.counters().dropped());
        }
    }

    @Test
    void anOutageLogsOneLineWhenKafkaGoesAndOneWithCountsWhenItIsBack() {
        MockProducer<String, byte[]> kafka = mock(false);
        try (var log = new EventFixtures.LogLines(KafkaLink.class);
             EventPublisher p = new EventPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            p.publish(click(1));
            await(() -> kafka.history().size() == 1);
            kafka.errorNext(new TimeoutException("broker gone"));
            await(() -> p.kafkaFailing() && p.counters().spooled() == 1);
            IntStream.range(2, 6).forEach(i -> p.publish(click(i)));
            await(() -> p.counters().spooled() == 5);
            assertEquals(SpoolingSink.Status.DEGRADED, p.health().status());
            assertEquals("spooling, 5 pending (Kafka unavailable)", p.health().summary());
            // Four probes fail, the fifth gets through; none of them adds a line.
            for (int probe = 2; probe <= 6; probe++) {
                int size = probe;
                await(() -> kafka.history().size() == size);
                if (probe < 6) {
                    kafka.errorNext(new TimeoutException("still gone"));
                } else {
                    kafka.completeNext();
                }
            }
            await(() -> kafka.history().size() == 10);
            while (kafka.completeNext()) {
                // the replay round
            }
            await(() -> p.spool().isEmpty());
            assertEquals(SpoolingSink.Status.UP, p.health().status());
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARN Kafka is not accepting events (org.apache.kafka.common.errors."
                    + "TimeoutException: broker gone); spooling to " + dir), lines.get(0));
            assertTrue(lines.get(1).matches("INFO Kafka is accepting events again after [0-9.]+ s: 5 delivery attempts, "
                    + "5 events spooled meanwhile; 4 to replay"), lines.get(1));
        }
    }

    @Test
    void withoutKafkaEventsWaitInTheSpoolAcrossARestartAndShipWhenKafkaIsConfigured() {
        try (EventPublisher p = new EventPublisher(Optional.empty(), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            IntStream.range(0, 5).forEach(i -> p.publish(click(i)));
            await(() -> p.counters().spooled() == 5);
        }
        MockProducer<String, byte[]> kafka = mock(true);
        try (EventPublisher p = new EventPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime)) {
            await(() -> p.counters().replayed() == 5 && p.spool().isEmpty());
            assertEquals(IntStream.range(0, 5).mapToObj(i -> "q-" + i).toList(), queryIds(kafka.history()));
        }
    }

    @Test
    void closingHandsEverythingBufferedToKafkaOrTheSpool() {
        MockProducer<String, byte[]> kafka = mock(true);
        EventPublisher p = new EventPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS, System::nanoTime);
        IntStream.range(0, 300).forEach(i -> p.publish(click(i)));
        p.close();
        assertEquals(300, p.counters().published() + p.counters().spooled(), p.counters().toString());
        assertEquals(300, kafka.history().size());
        assertTrue(kafka.closed());
        p.publish(click(301));
        assertEquals(1, p.counters().droppedBufferFull(), "after close an event is counted as dropped, never lost silently");
    }

    @Test
    void aFullSpoolDropsCountsAndKeepsTheOldest() {
        try (EventPublisher p = new EventPublisher(Optional.empty(), spool(8192), TOPICS, SETTINGS, System::nanoTime)) {
            IntStream.range(0, 200).forEach(i -> p.publish(click(i)));
            await(() -> p.counters().spooled() + p.counters().dropped() == 200);
            assertTrue(p.counters().droppedSpoolFull() > 0, "the spool is bounded");
            assertTrue(p.counters().spooled() > 10);
            assertEquals("q-0", p.spool().peek(1).get(0).record().key());
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
