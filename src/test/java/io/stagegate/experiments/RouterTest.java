package io.stagegate.experiments;

import io.stagegate.testing.FakeSearchers;
import io.stagegate.SearchCall;
import io.stagegate.Transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Assignment;
import io.stagegate.Caller;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTest {
    @TempDir
    Path dir;

    private final FakeSearchers pairs = new FakeSearchers().answer("default").answer("a").answer("b").answer("c");

    private Router router(ExperimentDefinition... running) {
        Experiments x = Experiments.open(new ExperimentStore(dir.resolve("x.json")), new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return true;
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return Optional.empty();
            }
        }, List.of(running));
        return new Router(x, pairs::pair, () -> "default");
    }

    private static SearchCall call(String requestId, String client, String session, String pair) {
        return new SearchCall(requestId, "q", Optional.empty(), Optional.empty(), Optional.ofNullable(pair), true,
                Optional.empty(), new Caller(client, session), Transport.HTTP);
    }

    private static ExperimentDefinition ab(String mode, List<ExperimentDefinition.ShadowDefinition> shadows, double noise) {
        return new ExperimentDefinition("e1", mode, List.of(new ExperimentDefinition.ArmDefinition("a", 1.0),
                new ExperimentDefinition.ArmDefinition("b", 1.0)), shadows, noise, "salt-1", "running");
    }

    @Test
    void withoutAnExperimentTheDefaultServesAndANamedPairIsForced() {
        Router r = router();
        assertEquals(Assignment.DEFAULT, r.route(call("r1", null, null, null)).assignment());
        assertEquals("default", r.route(call("r1", null, null, null)).primary().id());
        Router.Route forced = r.route(call("r1", "c1", null, "c"));
        assertEquals(Assignment.Kind.FORCED, forced.assignment().kind());
        assertEquals("c", forced.primary().id());
    }

    @Test
    void theUnitIsTheClientElseTheSessionElseTheRequest() {
        Router r = router(ab("ab", List.of(), 0));
        Router.Route byClient = r.route(call("r1", "client-7", "s-1", null));
        assertEquals(Assignment.UnitKind.CLIENT, byClient.assignment().unit());
        assertEquals(Assignment.UnitKind.SESSION, r.route(call("r1", null, "s-1", null)).assignment().unit());
        assertEquals(Assignment.UnitKind.REQUEST, r.route(call("r1", null, null, null)).assignment().unit());
        int bucket = Buckets.bucket("salt-1", "client-7");
        assertEquals(bucket < 5000 ? "a" : "b", byClient.assignment().arm());
        assertEquals(byClient.assignment().arm(), byClient.primary().id());
        assertEquals("e1", byClient.assignment().experiment());
        assertEquals(1, byClient.assignment().version());
    }

    @Test
    void aClientKeepsItsArmAcrossRequestsAndTrafficSplitsEvenly() {
        Router r = router(ab("ab", List.of(), 0));
        Map<String, Integer> arms = new HashMap<>();
        for (int c = 0; c < 4000; c++) {
            String arm = r.route(call("r-" + c, "client-" + c, null, null)).primary().id();
            for (int again = 0; again < 3; again++) {
                assertEquals(arm, r.route(call("other-request-" + again, "client-" + c, null, null)).primary().id());
            }
            arms.merge(arm, 1, Integer::sum);
        }
        assertTrue(Math.abs(arms.get("a") - 2000) < 200, arms.toString());
    }

    @Test
    void aNamedPairWinsOverTheExperiment() {
        Router r = router(ab("ab", List.of(), 0));
        Router.Route route = r.route(call("r1", "client-1", null, "c"));
        assertEquals(Assignment.FORCED, route.assignment());
        assertTrue(route.shadows().isEmpty());
    }

    @Test
    void interleavingServesBothArmsWithAReproducibleSeed() {
        Router r = router(ab("interleave", List.of(), 0));
        Router.Route one = r.route(call("req-1", "client-1", null, null));
        assertEquals("interleave", one.assignment().arm());
        assertEquals("a", one.primary().id());
        assertEquals("b", one.interleaveWith().orElseThrow().id());
        assertEquals(one.interleaveSeed(), r.route(call("req-1", "client-2", null, null)).interleaveSeed());
        assertTrue(one.interleaveSeed() != r.route(call("req-2", "client-1", null, null)).interleaveSeed());
    }

    @Test
    void shadowsAreSampledPerRequestAtTheirRate() {
        Router r = router(ab("ab", List.of(new ExperimentDefinition.ShadowDefinition("c", 0.25)), 0.1));
        int shadowed = 0;
        int noise = 0;
        for (int i = 0; i < 8000; i++) {
            Router.Route route = r.route(call("req-" + i, null, null, null));
            for (Router.ShadowPlan p : route.shadows()) {
                if (p.noiseFloor()) {
                    noise++;
                    assertEquals(route.primary().id(), p.pair().id(), "the noise floor shadows the serving pair itself");
                } else {
                    shadowed++;
                    assertEquals("c", p.pair().id());
                }
            }
            List<String> sampled = route.shadows().stream().map(p -> p.pair().id() + p.noiseFloor()).toList();
            Router.Route otherClient = r.route(call("req-" + i, "someone", null, null));
            assertEquals(sampled.size(), otherClient.shadows().size(), "sampling depends on the request id only");
        }
        assertTrue(Math.abs(shadowed - 2000) < 200, "shadowed " + shadowed);
        assertTrue(Math.abs(noise - 800) < 120, "noise floor " + noise);
    }
}
