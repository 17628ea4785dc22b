package io.stagegate.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The label-quality section against judgements, on a run small enough to count by hand. */
class HardnessReportTest {
    /** A corpus of only the documents the examples name, so the random draw can only hit d1..d5. */
    private static final CorpusView CORPUS = new CorpusView() {
        @Override
        public Optional<String> text(String id) {
            return Optional.of("text of " + id);
        }

        @Override
        public List<String> ids() {
            return List.of("d1", "d2", "d3", "d4", "d5");
        }
    };

    private static TrainingExample example(String queryId, String query, List<String> pos, List<String> neg) {
        return new TrainingExample(queryId, query, TrainingExample.Mode.MINED, "p", "e", null, null,
                pos.stream().map(id -> new TrainingExample.Positive(id, "t", 1)).toList(),
                neg.stream().map(id -> new TrainingExample.Negative(id, "t", 2, 0.5, 2, 0.5, NegativeSource.RANKED)).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void countsNoisyPositivesAndFalseNegativesAgainstTheJudgements() {
        // q1: judged relevant d1, d2. Clicked d1 (right) and d3 (noise); negatives d2 (a false negative) and d4.
        // q2: judged relevant d5. Clicked d5; negative d1 (fine for q2).
        // q3: not judged at all: left out of every ratio.
        MiningRun run = new MiningRun(TrainingExample.Mode.MINED, List.of(
                example("a", "  What is Q1? ", List.of("d1", "d3"), List.of("d2", "d4")),
                example("b", "what is q2?", List.of("d5"), List.of("d1")),
                example("c", "unjudged", List.of("d2"), List.of("d5"))), Map.of(), Map.of());
        Map<String, Set<String>> relevant = Map.of("what is q1?", Set.of("d1", "d2"), "what is q2?", Set.of("d5"));

        Map<String, Object> judged = (Map<String, Object>) HardnessReport.of(run, CORPUS, null, 7, relevant).get("judged");

        assertEquals(2L, judged.get("examples_with_judgements"));
        assertEquals(2.0 / 3, (Double) judged.get("positive_precision"), 1e-12, "d1 and d5 of d1, d3, d5");
        assertEquals(1.0 / 3, (Double) judged.get("mined_false_negative_rate"), 1e-12, "d2 of d2, d4, d1");
        // Random draws exclude the example's positives: q1 draws 2 of {d2, d4, d5} (only d2 relevant to q1), q2 draws
        // 1 of {d1..d4} (none relevant to q2); so 0 or 1 of the 3 random negatives is relevant, whatever the seed.
        double random = (Double) judged.get("random_false_negative_rate");
        org.junit.jupiter.api.Assertions.assertTrue(random == 0 || Math.abs(random - 1.0 / 3) < 1e-12, "was " + random);
    }
}
