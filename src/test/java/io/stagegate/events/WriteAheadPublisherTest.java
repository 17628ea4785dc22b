package io.stagegate.events;

import static io.stagegate.events.EventFixtures.SETTINGS;
import static io.stagegate.events.EventFixtures.TOPICS;
import static io.stagegate.events.EventFixtures.await;
import static io.stagegate.events.EventFixtures.click;
import static io.stagegate.events.EventFixtures.mock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead publisher against Kafka's MockProducer, the test deciding each send's fate: a stage completes only
 * once its event is in the spool, Kafka is fed from the spool in order and the cursor moves only over acknowledged
 * records, an outage is two log lines, a full spool fails the stage. (A real kill -9 is in WriteAheadCrashIT.)
 */
class WriteAheadPublisherTest {
    @TempDir
    Path dir;

    private Spool spool(long maxBytes) {
        return Spool.open(new Spool.Settings(dir, maxBytes, 4096, FsyncPolicy.NEVER, 0), System::nanoTime);
    }

    private static List<String> keys(MockProducer<String, byte[]> kafka) {
        return kafka.history().stream().map(ProducerRecord::key).toList();
    }

    private static void join(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStageCompletesOnlyOnceItsEventIsInTheSpool() throws Exception {
        MockProducer<String, byte[]> kafka = mock(false);
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime)) {
            List<CompletableFuture<Boolean>> inSpoolWhenDone = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String key = "q-" + i;
                // Runs when the stage completes: Kafka has acknowledged nothing, so the record must be in the spool.
                inSpoolWhenDone.add(p.publish(click(i)).thenApply(done -> p.spool().peek(100).stream()
                        .anyMatch(e -> e.record().key().equals(key))).toCompletableFuture());
            }
            for (CompletableFuture<Boolean> f : inSpoolWhenDone) {
                assertTrue(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(50, p.counters().spooled());
            assertEquals(50, p.spool().pendingRecords(), "nothing consumed before Kafka acknowledges");
            assertEquals(0, p.counters().published());
        }
    }

    @Test
    void kafkaIsFedFromTheSpoolInOrderAndTheCursorMovesOnlyOnAcknowledgement() throws Exception {
        MockProducer<String, byte[]> kafka = mock(false);
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime)) {
            for (int i = 0; i < 20; i++) {
                join(p.publish(click(i)));
            }
            await(() -> !kafka.history().isEmpty());
            int firstRound = kafka.history().size();
            assertEquals(20, p.spool().pendingRecords(), "sent but unacknowledged records stay in the spool");
            while (kafka.completeNext()) {
                // acknowledge the round in flight
            }
            await(() -> p.spool().pendingRecords() == 20 - firstRound);
            while (p.counters().published() < 20) {
                kafka.completeNext();
                Thread.sleep(1);
            }
            await(() -> p.spool().isEmpty());
            assertEquals(IntStream.range(0, 20).mapToObj(i -> "q-" + i).toList(), keys(kafka));
            assertEquals(20, p.counters().spooled());
            assertEquals(0, p.counters().replayed());
        }
    }

    @Test
    void anOutageIsTwoLogLinesWithCountsAndDegradesHealth() throws Exception {
        MockProducer<String, byte[]> kafka = mock(false);
        try (var log = new EventFixtures.LogLines(KafkaLink.class);
             WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                     System::nanoTime)) {
            join(p.publish(click(1)));
            await(() -> kafka.history().size() == 1);
            kafka.errorNext(new TimeoutException("broker gone"));
            await(p::kafkaFailing);
            join(p.publish(click(2)));
            join(p.publish(click(3)));
            assertEquals(SpoolingSink.Status.DEGRADED, p.health().status());
            assertEquals("spooling, 3 pending (Kafka unavailable)", p.health().summary());
            // Two more probes fail (one record each, every retry interval), the third gets through.
            for (int probe = 2; probe <= 4; probe++) {
                int size = probe;
                await(() -> kafka.history().size() == size);
                if (probe < 4) {
                    kafka.errorNext(new TimeoutException("still gone"));
                } else {
                    kafka.completeNext();
                }
            }
            await(() -> !p.kafkaFailing());
            await(() -> kafka.history().size() == 6);
            kafka.completeNext();
            kafka.completeNext();
            await(() -> p.spool().isEmpty());
            assertEquals(List.of("q-1", "q-1", "q-1", "q-1", "q-2", "q-3"), keys(kafka));
            assertEquals(SpoolingSink.Status.UP, p.health().status());
            List<String> lines = log.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("WARN Kafka is not accepting events (org.apache.kafka.common.errors."
                    + "TimeoutException: broker gone); spooling to " + dir), lines.get(0));
            assertTrue(lines.get(1).matches("INFO Kafka is accepting events again after [0-9.]+ s: 3 delivery attempts, "
                    + "2 events spooled meanwhile; 2 to replay"), lines.get(1));
        }
    }

    @Test
    void withoutKafkaEventsWaitInTheSpoolAndShipAfterARestart() throws Exception {
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.empty(), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime)) {
            for (int i = 0; i < 5; i++) {
                join(p.publish(click(i)));
            }
            assertEquals(SpoolingSink.Status.DEGRADED, p.health().status());
        }
        MockProducer<String, byte[]> kafka = mock(true);
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime)) {
            await(() -> p.counters().published() == 5 && p.spool().isEmpty());
            assertEquals(IntStream.range(0, 5).mapToObj(i -> "q-" + i).toList(), keys(kafka));
        }
    }

    @Test
    void aFullSpoolFailsTheStageCountsTheDropAndTurnsHealthDown() {
        try (WriteAheadPublisher p = new WriteAheadPublisher(Optional.empty(), spool(8192), TOPICS, SETTINGS,
                System::nanoTime)) {
            List<CompletableFuture<Void>> stages = IntStream.range(0, 200)
                    .mapToObj(i -> p.publish(click(i)).toCompletableFuture()).toList();
            int failed = 0;
            for (CompletableFuture<Void> f : stages) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertEquals(ErrorKind.UNAVAILABLE, assertInstanceOf(StagegateException.class, e.getCause()).kind());
                    failed++;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            assertTrue(failed > 0, "the spool is bounded");
            assertEquals(failed, p.counters().droppedSpoolFull());
            assertEquals(200 - failed, p.counters().spooled());
            assertEquals(SpoolingSink.Status.DOWN, p.health().status());
            assertEquals("q-0", p.spool().peek(1).get(0).record().key(), "the oldest are kept");
        }
    }

    @Test
    void closingCommitsEverythingQueuedAndShipsIt() throws Exception {
        MockProducer<String, byte[]> kafka = mock(true);
        WriteAheadPublisher p = new WriteAheadPublisher(Optional.of(kafka), spool(1 << 20), TOPICS, SETTINGS,
                System::nanoTime);
        List<CompletionStage<Void>> stages = IntStream.range(0, 300).mapToObj(i -> p.publish(click(i))).toList();
        p.close();
        for (CompletionStage<Void> s : stages) {
            join(s);
        }
        assertEquals(300, p.counters().published());
        assertEquals(300, kafka.history().size());
        assertTrue(kafka.closed());
        AtomicBoolean refused = new AtomicBoolean();
        p.publish(click(301)).whenComplete((ok, error) -> refused.set(error != null));
        assertTrue(refused.get(), "after close an event is refused, never silently lost");
        assertEquals(1, p.counters().droppedBufferFull());
    }
}
