package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentsTest {
    @TempDir
    Path dir;

    /** Pairs a, b, c exist; slow exists but is still being built. */
    private static final Experiments.Pairs PAIRS = new Experiments.Pairs() {
        @Override
        public boolean exists(String pairId) {
            return Set.of("a", "b", "c", "slow").contains(pairId);
        }

        @Override
        public Optional<String> notReady(String pairId) {
            return pairId.equals("slow") ? Optional.of("10/100 documents embedded") : Optional.empty();
        }
    };

    private Experiments open(List<ExperimentDefinition> config) {
        return Experiments.open(new ExperimentStore(dir.resolve("experiments.json")), PAIRS, config);
    }

    private static ExperimentDefinition ab(String id, String state, Object... armWeight) {
        List<ExperimentDefinition.ArmDefinition> arms = new java.util.ArrayList<>();
        for (int i = 0; i < armWeight.length; i += 2) {
            arms.add(new ExperimentDefinition.ArmDefinition((String) armWeight[i], ((Number) armWeight[i + 1]).doubleValue()));
        }
        return new ExperimentDefinition(id, "ab", arms, List.of(), null, null, state);
    }

    @Test
    void anExperimentSurvivesARestartWithItsVersionAndAllocation() {
        Experiments first = open(List.of());
        first.create(ab("e1", "running", "a", 1, "b", 1));
        Experiment changed = first.update("e1", ab("e1", "running", "a", 1, "b", 3));
        assertEquals(2, changed.version());
        Experiments second = open(List.of());
        Experiment loaded = second.require("e1");
        assertEquals(changed, loaded);
        assertEquals("e1", second.running().orElseThrow().id());
    }

    @Test
    void aChangeThatCannotMoveUnitsKeepsTheVersion() {
        Experiments e = open(List.of());
        e.create(ab("e1", "draft", "a", 1, "b", 1));
        assertEquals(1, e.update("e1", ab("e1", "running", "a", 1, "b", 1)).version(), "starting is not a new allocation");
        assertEquals(1, e.update("e1", ab("e1", "running", "a", 2, "b", 2)).version(), "same shares");
        assertEquals(2, e.update("e1", ab("e1", "running", "a", 1, "b", 2)).version());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one arm              | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\"}]}                                                   | arms must name at least two",
        "unknown pair         | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"nope\",\"weight\":1}]}                               | arms[1].pair: unknown pair 'nope'",
        "zero weight          | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":0},{\"pair\":\"b\",\"weight\":1}]}                    | arms[0].weight must be positive",
        "negative weight      | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":-2}]}                   | arms[1].weight must be positive",
        "same pair twice      | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"a\",\"weight\":1}]}                                  | named twice",
        "interleave of three  | {\"id\":\"x\",\"mode\":\"interleave\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1},{\"pair\":\"c\",\"weight\":1}]} | interleave compares exactly two",
        "unknown mode         | {\"id\":\"x\",\"mode\":\"bandit\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}]}               | mode must be ab or interleave",
        "bad id               | {\"id\":\"x y\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}]}                                | id must match",
        "shadow rate over one | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}],\"shadows\":[{\"pair\":\"c\",\"sampleRate\":1.5}]} | shadows[0].sampleRate must be 0..1",
        "unknown shadow pair  | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}],\"shadows\":[{\"pair\":\"z\",\"sampleRate\":0.5}]}   | shadows[0].pair: unknown pair 'z'",
        "unknown state        | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}],\"state\":\"paused\"}            | state must be draft, running or stopped",
        "noise floor over one | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}],\"noiseFloor\":2}                  | noiseFloor must be 0..1",
        "missing weight       | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":50},{\"pair\":\"b\"}]}     | arms[1].weight is required",
        "missing sample rate  | {\"id\":\"x\",\"arms\":[{\"pair\":\"a\",\"weight\":1},{\"pair\":\"b\",\"weight\":1}],\"shadows\":[{\"pair\":\"b\"}]} | shadows[0].sampleRate is required",
    })
    void invalidDefinitionsAreRefusedNamingTheField(String name, String json, String message) throws Exception {
        ExperimentDefinition d = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, ExperimentDefinition.class);
        StagegateException e = assertThrows(StagegateException.class, () -> open(List.of()).create(d));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aShadowOnlyExperimentNeedsJustOneArm() {
        Experiment x = open(List.of()).create(new ExperimentDefinition("shadow-only", "ab",
                List.of(new ExperimentDefinition.ArmDefinition("a", null)),
                List.of(new ExperimentDefinition.ShadowDefinition("c", 0.5)), null, null, "running"));
        assertEquals(Map.of("a", 10_000), x.allocation().counts());
    }

    @Test
    void aPairNotReadyCannotRunButMayBeDrafted() {
        Experiments e = open(List.of());
        StagegateException refused = assertThrows(StagegateException.class,
                () -> e.create(ab("e1", "running", "a", 1, "slow", 1)));
        assertEquals(ErrorKind.CONFLICT, refused.kind());
        assertTrue(refused.getMessage().contains("arms[1].pair 'slow' is not ready: 10/100 documents embedded"));
        e.create(ab("e1", "draft", "a", 1, "slow", 1));
        assertTrue(e.running().isEmpty());
    }

    @Test
    void onlyOneExperimentRunsAtATime() {
        Experiments e = open(List.of());
        e.create(ab("e1", "running", "a", 1, "b", 1));
        StagegateException refused = assertThrows(StagegateException.class, () -> e.create(ab("e2", "running", "a", 1, "c", 1)));
        assertTrue(refused.getMessage().contains("'e1' is running"), refused.getMessage());
        e.update("e1", ab("e1", "stopped", "a", 1, "b", 1));
        e.create(ab("e2", "running", "a", 1, "c", 1));
        assertEquals("e2", e.running().orElseThrow().id());
    }

    @Test
    void aRunningExperimentCannotBeDeletedAndItsPairsAreInUse() {
        Experiments e = open(List.of());
        e.create(ab("e1", "running", "a", 1, "b", 1));
        assertEquals(List.of("e1"), e.using("b"));
        assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class, () -> e.delete("e1")).kind());
        e.update("e1", ab("e1", "stopped", "a", 1, "b", 1));
        assertEquals(List.of(), e.using("b"));
        e.delete("e1");
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(StagegateException.class, () -> e.require("e1")).kind());
    }

    @Test
    void configuredExperimentsApplyAtStartAndRefuseApiChanges() {
        Experiments e = open(List.of(ab("cfg", "running", "a", 1, "b", 1)));
        assertEquals(1, e.require("cfg").version());
        assertEquals(ErrorKind.CONFLICT, assertThrows(StagegateException.class,
                () -> e.update("cfg", ab("cfg", "stopped", "a", 1, "b", 1))).kind());
        // The configuration changes the weights: the next start bumps the version and moves the fewest buckets.
        Experiment before = e.require("cfg");
        Experiments restarted = open(List.of(ab("cfg", "running", "a", 1, "b", 3)));
        Experiment after = restarted.require("cfg");
        assertEquals(2, after.version());
        assertEquals(Map.of("a", 2500, "b", 7500), after.allocation().counts());
        assertEquals(2500, before.allocation().moved(after.allocation()));
    }

    @Test
    void theFileIsReplacedAtomicallyAndATornTemporaryFileIsIgnored() throws Exception {
        Experiments e = open(List.of());
        e.create(ab("e1", "draft", "a", 1, "b", 1));
        Files.writeString(dir.resolve("experiments.json.tmp"), "{ torn");
        assertEquals(1, open(List.of()).list().size());
    }
}
