package io.stagegate.serving;

import io.stagegate.SearchCall;
import io.stagegate.Transport;

import io.stagegate.testing.FakeSearchers;
import io.stagegate.experiments.ExperimentStore;
import io.stagegate.experiments.Experiments;
import io.stagegate.experiments.Router;
import io.stagegate.experiments.ShadowRunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.Caller;
import io.stagegate.events.EventSink;
import io.stagegate.events.QueryEvents;
import io.stagegate.CheckpointPair;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overload refusals beyond the paced rate are held; below it, and with pacing off, they go out at once. */
class RefusalPacerTest {
    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void theFirstRefusalsOfEachSecondGoOutAtOnceAndTheRestAreHeld() {
        RefusalPacer pacer = new RefusalPacer(3, TimeUnit.SECONDS.toNanos(1), now::get);
        assertEquals(List.of(0L, 0L, 0L), List.of(pacer.hold(), pacer.hold(), pacer.hold()));
        assertEquals(TimeUnit.SECONDS.toNanos(1), pacer.hold());
        assertEquals(1, pacer.held());
        pacer.released();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        assertEquals(0L, pacer.hold(), "0.4 s refilled 1.2 refusals");
        assertEquals(TimeUnit.SECONDS.toNanos(1), pacer.hold());
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(0L, 0L, 0L), List.of(pacer.hold(), pacer.hold(), pacer.hold()), "the bucket holds one second");
        assertEquals(TimeUnit.SECONDS.toNanos(1), pacer.hold());
    }

    @Test
    void pacingOffNeverHolds() {
        RefusalPacer pacer = RefusalPacer.off();
        for (int i = 0; i < 1000; i++) {
            assertEquals(0L, pacer.hold());
        }
    }

    @Test
    void heldRefusalsAreBounded() {
        RefusalPacer pacer = new RefusalPacer(0, TimeUnit.SECONDS.toNanos(1), now::get);
        for (int i = 0; i < RefusalPacer.MAX_HELD; i++) {
            assertTrue(pacer.hold() > 0);
        }
        assertEquals(0L, pacer.hold(), "beyond the bound a refusal goes out at once");
        pacer.released();
        assertTrue(pacer.hold() > 0);
    }

    @Test
    void theServingPathHoldsARefusalBeyondTheRateAndSaysWhy() {
        FakeSearchers searchers = new FakeSearchers().behave("a", r -> Uni.createFrom().failure(
                new StagegateException(ErrorKind.OVERLOADED, "checkpoint e is overloaded")));
        Experiments none = Experiments.open(new ExperimentStore(dir.resolve("x.json")), new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return true;
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return Optional.empty();
            }
        }, List.of());
        ShadowRunner shadows = new ShadowRunner(searchers, EventSink.OFF, ShadowRunner.Observer.NONE,
                new ShadowRunner.Settings(1, Duration.ofSeconds(1)), System::nanoTime, Clock.systemUTC());
        SearchService service = new SearchService(searchers, new Router(none, searchers::pair, () -> "a"),
                shadows, new QueryEvents(EventSink.OFF, id -> new CheckpointPair(id, "e", Optional.empty(), 20, 10),
                Clock.systemUTC()), SearchObserver.NONE, new SearchService.Limits(Duration.ofSeconds(5),
                Duration.ofSeconds(10), 1, Duration.ofMillis(300)), () -> "a", System::nanoTime);
        long t0 = System.nanoTime();
        Throwable first = fail(service, 1);
        long fast = System.nanoTime() - t0;
        assertEquals("checkpoint e is overloaded", first.getMessage());
        long t1 = System.nanoTime();
        Throwable second = fail(service, 2);
        long held = System.nanoTime() - t1;
        assertEquals(ErrorKind.OVERLOADED, ((StagegateException) second).kind());
        assertTrue(second.getMessage().contains("answered after 300 ms"), second.getMessage());
        assertTrue(held >= TimeUnit.MILLISECONDS.toNanos(290), "held " + held / 1e6 + " ms");
        assertTrue(fast < TimeUnit.MILLISECONDS.toNanos(290), "first refusal took " + fast / 1e6 + " ms");
    }

    private static Throwable fail(SearchService service, int i) {
        try {
            service.search(new SearchCall("req-" + i, "bees", Optional.empty(), Optional.empty(), Optional.empty(), true,
                    Optional.empty(), new Caller("c", null), Transport.HTTP)).await().atMost(Duration.ofSeconds(5));
        } catch (StagegateException e) {
            return e;
        }
        throw new AssertionError("the search was not refused");
    }
}
