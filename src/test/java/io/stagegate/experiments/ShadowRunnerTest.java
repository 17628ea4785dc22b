package io.stagegate.experiments;

import io.stagegate.testing.FakeSearchers;
import io.stagegate.SearchCall;
import io.stagegate.serving.SearchObserver;
import io.stagegate.serving.SearchService;
import io.stagegate.serving.Served;
import io.stagegate.Transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.ErrorKind;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
import io.stagegate.Caller;
import io.stagegate.events.Event;
import io.stagegate.events.EventSink;
import io.stagegate.events.QueryEvents;
import io.stagegate.events.ShadowEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import io.stagegate.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow isolation through the serving path: a shadow pair that throws, never answers or is overloaded leaves the
 * primary's response exactly as it is without shadows, and the primary never waits for it.
 */
class ShadowRunnerTest {
    @TempDir
    Path dir;

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final EventSink sink = new EventSink() {
        @Override
        public java.util.concurrent.CompletionStage<Void> publish(Event event) {
            events.add(event);
            return DONE;
        }
    };
    private final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
    private final ShadowRunner.Observer observer = new ShadowRunner.Observer() {
        @Override
        public void outcome(String experiment, String shadowPair, String outcome) {
            outcomes.merge(shadowPair + ":" + outcome, 1, Integer::sum);
        }

        @Override
        public void compared(String experiment, String shadowPair, boolean noiseFloor, double overlapAt10, double rbo) {
        }
    };

    private Experiments experiments(String shadowPair) {
        return Experiments.open(new ExperimentStore(dir.resolve("x.json")), new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return true;
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return Optional.empty();
            }
        }, List.of(new ExperimentDefinition("e1", "ab", List.of(new ExperimentDefinition.ArmDefinition("a", 1.0),
                new ExperimentDefinition.ArmDefinition("b", 1e-9)), List.of(new ExperimentDefinition.ShadowDefinition(
                shadowPair, 1.0)), 0.0, "s", "running")));
    }

    private SearchService service(FakeSearchers searchers, int maxInFlight, String shadowPair) {
        Experiments x = experiments(shadowPair);
        return service(searchers, x, new ShadowRunner(searchers, sink, observer,
                new ShadowRunner.Settings(maxInFlight, Duration.ofMillis(300)), System::nanoTime, Clock.systemUTC()));
    }

    private SearchService service(FakeSearchers searchers, ShadowRunner shadows) {
        return service(searchers, experiments("s"), shadows);
    }

    private SearchService service(FakeSearchers searchers, Experiments x, ShadowRunner shadows) {
        QueryEvents queryEvents = new QueryEvents(EventSink.OFF, id -> new CheckpointPair(id, "e", Optional.empty(), 20, 10),
                Clock.systemUTC());
        return new SearchService(searchers, new Router(x, searchers::pair, () -> "a"), shadows, queryEvents,
                SearchObserver.NONE, new SearchService.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10)), () -> "a",
                System::nanoTime);
    }

    private static SearchCall call(int i) {
        return new SearchCall("req-" + i, "bees", Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty(), new Caller("client-1", null), Transport.HTTP);
    }

    private static List<String> ids(Served s) {
        return s.result().hits().stream().map(io.stagegate.ScoredDocument::id).toList();
    }

    @Test
    void aGoodShadowYieldsAComparisonEventAndLeavesThePrimaryAsItIs() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1", "d2", "d3", "d4").answer("b", "x")
                .answer("s", "d2", "d1", "d3", "d9");
        Served served = service(searchers, 2, "s").search(call(1)).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of("d1", "d2", "d3", "d4"), ids(served));
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 1, "events.size() == 1");
        ShadowEvent e = (ShadowEvent) events.get(0);
        assertEquals("ok", e.outcome());
        assertEquals("req-1", e.queryId());
        assertEquals("a", e.primaryPair());
        assertEquals("s", e.shadowPair());
        assertEquals(0.75, e.overlapAt10(), 1e-12);
        assertEquals(0.0, e.overlapAt1(), 1e-12);
        assertFalse(e.top1Agreement());
        assertEquals(List.of("d2", "d1", "d3", "d9"), e.shadowTop10());
        SearchRequest shadowRequest = searchers.seen.stream().filter(r -> r.pairId().equals("s")).findFirst().orElseThrow();
        assertEquals(io.stagegate.Priority.SHADOW, shadowRequest.priority());
    }

    @Test
    void aShadowThatThrowsNeverReachesTheClient() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1", "d2").answer("b", "x").behave("s", r -> {
            throw new IllegalStateException("shadow model exploded");
        });
        Served served = service(searchers, 2, "s").search(call(1)).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of("d1", "d2"), ids(served));
        assertEquals(1, outcomes.get("s:failed"));
    }

    @Test
    void aShadowThatFailsLaterIsRecordedAsFailed() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1").answer("b", "x")
                .behave("s", r -> Uni.createFrom().failure(StagegateException.internal("boom", null)));
        assertEquals(List.of("d1"), ids(service(searchers, 2, "s").search(call(1)).await().atMost(Duration.ofSeconds(5))));
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 1, "events.size() == 1");
        assertEquals("failed", ((ShadowEvent) events.get(0)).outcome());
        assertEquals("boom", ((ShadowEvent) events.get(0)).error());
    }

    @Test
    void aShadowThatHangsDoesNotHoldThePrimaryAndTimesOut() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1").answer("b", "x")
                .behave("s", r -> Uni.createFrom().nothing());
        SearchService service = service(searchers, 1, "s");
        Served served = service.search(call(1)).await().atMost(Duration.ofSeconds(2));
        assertEquals(List.of("d1"), ids(served));
        // While the hung shadow holds the only permit, the next shadow is shed, and the primary still answers.
        assertEquals(List.of("d1"), ids(service.search(call(2)).await().atMost(Duration.ofSeconds(2))));
        assertEquals(1, outcomes.get("s:shed"));
        Eventually.until(Duration.ofSeconds(5), () -> outcomes.getOrDefault("s:timeout", 0) == 1, "outcomes.getOrDefault('s:timeout', 0) == 1");
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 2, "both plans ended as events");
        assertEquals(List.of("shed", "timeout"), events.stream().map(e -> ((ShadowEvent) e).outcome()).sorted().toList());
    }

    @Test
    void aShadowIsShedBeforeItStartsWhileItsDeviceIsSaturated() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1", "d2").answer("b", "x").answer("s", "d2", "d1");
        AtomicInteger load = new AtomicInteger(5);
        ShadowRunner shadows = new ShadowRunner(searchers, sink, observer, new ShadowRunner.Settings(2,
                Duration.ofSeconds(1), 4), System::nanoTime, Clock.systemUTC(), pair -> {
                    assertEquals("s", pair.id());
                    return load.get();
                });
        SearchService service = service(searchers, shadows);
        service.search(call(1)).await().atMost(Duration.ofSeconds(5));
        assertEquals(1, outcomes.get("s:shed"));
        assertTrue(searchers.seen.stream().noneMatch(r -> r.pairId().equals("s")), "a shed shadow never searched");
        assertEquals("shed", ((ShadowEvent) events.get(0)).outcome(), "a shed plan is recorded, comparing nothing");
        assertNull(((ShadowEvent) events.get(0)).rbo());
        load.set(4);
        service.search(call(2)).await().atMost(Duration.ofSeconds(5));
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 2, "the shadow ran once the device had room");
        assertEquals("ok", ((ShadowEvent) events.get(1)).outcome());
    }

    @Test
    void anOverloadedShadowIsShedAndRecordedAsShed() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1").answer("b", "x").behave("s",
                r -> Uni.createFrom().failure(new StagegateException(ErrorKind.OVERLOADED, "queue full")));
        assertEquals(List.of("d1"), ids(service(searchers, 2, "s").search(call(1)).await().atMost(Duration.ofSeconds(5))));
        Eventually.until(Duration.ofSeconds(5), () -> outcomes.getOrDefault("s:shed", 0) == 1, "outcomes.getOrDefault('s:shed', 0) == 1");
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 1, "the shed plan is an event");
        assertEquals("shed", ((ShadowEvent) events.get(0)).outcome());
    }

    @Test
    void theNoiseFloorComparesThePrimaryWithItself() {
        FakeSearchers searchers = new FakeSearchers().answer("a", "d1", "d2", "d3").answer("b", "x");
        Experiments x = Experiments.open(new ExperimentStore(dir.resolve("n.json")), new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return true;
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return Optional.empty();
            }
        }, List.of(new ExperimentDefinition("e1", "ab", List.of(new ExperimentDefinition.ArmDefinition("a", 1.0),
                new ExperimentDefinition.ArmDefinition("b", 1e-9)), List.of(), 1.0, "s", "running")));
        ShadowRunner shadows = new ShadowRunner(searchers, sink, observer, new ShadowRunner.Settings(2, Duration.ofSeconds(1)),
                System::nanoTime, Clock.systemUTC());
        SearchService service = new SearchService(searchers, new Router(x, searchers::pair, () -> "a"), shadows,
                new QueryEvents(EventSink.OFF, id -> new CheckpointPair(id, "e", Optional.empty(), 20, 10), Clock.systemUTC()),
                SearchObserver.NONE, new SearchService.Limits(Duration.ofSeconds(5), Duration.ofSeconds(10)), () -> "a",
                System::nanoTime);
        service.search(call(1)).await().atMost(Duration.ofSeconds(5));
        Eventually.until(Duration.ofSeconds(5), () -> events.size() == 1, "events.size() == 1");
        ShadowEvent e = (ShadowEvent) events.get(0);
        assertTrue(e.noiseFloor());
        assertEquals("a", e.shadowPair());
        assertEquals(1.0, e.rbo(), 1e-12);
    }
}
