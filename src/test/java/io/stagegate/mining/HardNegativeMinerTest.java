package io.stagegate.mining;

import static io.stagegate.mining.MiningEvents.feedback;
import static io.stagegate.mining.MiningEvents.query;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.events.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HardNegativeMinerTest {
    private static final MiningSettings SETTINGS = new MiningSettings(ofMinutes(30), ofSeconds(30), 5, 4);

    /**
     * q1 "Honey Bees": ranking d1 d2 d3 (results) then d4 d5 d6 (remaining candidates). q2, the same text spelled
     * differently, ranks d4 d1 d7 then d8 ghost; d1 is positive there, so never a negative of q1. q3 has no feedback.
     */
    static List<Event> events() {
        return List.of(
                feedback("f4", "q1", "relevance", "d6", 0, ofSeconds(30)),             // before its query in the input
                query("q1", "Honey Bees", Duration.ZERO, List.of("d1", "d2", "d3"),
                        List.of("d2", "d4", "d1", "d3", "d5", "d6")),
                feedback("f1", "q1", "click", "d3", null, ofMinutes(1)),
                feedback("f1", "q1", "click", "d3", null, ofMinutes(1)),               // redelivered
                feedback("f2", "q1", "thumbs_down", "d5", null, ofMinutes(2)),
                feedback("f3", "q1", "click", "d2", null, ofMinutes(40)),              // outside the 30 min window
                query("q2", "  honey   BEES ", ofMinutes(5), List.of("d4", "d1", "d7"), List.of("d4", "d7", "d1", "d8", "ghost")),
                feedback("f5", "q2", "relevance", "d1", 2, ofMinutes(6)),
                feedback("f8", "q2", "thumbs_up", "d7", null, ofMinutes(5).minusSeconds(10)), // within the skew
                query("q3", "volcano", ofMinutes(10), List.of("d9"), List.of("d9")),
                feedback("f7", "qX", "click", "d9", null, ofMinutes(11)));
    }

    private static MiningRun mine(List<Event> events) {
        HardNegativeMiner miner = new HardNegativeMiner(SETTINGS);
        events.forEach(miner::add);
        return miner.mine(MiningEvents.corpus("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9"));
    }

    @Test
    void minesTheHandComputedExamples() {
        MiningRun run = mine(events());
        assertEquals(2, run.examples().size());

        TrainingExample q1 = run.examples().get(0);
        assertEquals("q1", q1.queryId());
        assertEquals("Honey Bees", q1.query());
        assertEquals(List.of("d3"), q1.positiveIds());
        // Explicit negatives first in signal order (f4 at +30 s, f2 at +2 min), then by rank within depth 5:
        // d1 is q2's positive, d2's click came too late, d3 is the positive; the count of 4 stops at d4.
        assertEquals(List.of("d6", "d5", "d2", "d4"), q1.negativeIds());
        assertEquals(List.of(NegativeSource.GRADED_ZERO, NegativeSource.THUMBS_DOWN, NegativeSource.RANKED,
                NegativeSource.RANKED), q1.negatives().stream().map(TrainingExample.Negative::source).toList());
        assertEquals(Arrays.asList(6, 5, 2, 4), q1.negatives().stream().map(TrainingExample.Negative::rank).toList());
        assertEquals(List.of(3), q1.positives().stream().map(TrainingExample.Positive::rank).toList());
        assertEquals(Arrays.asList(6, 5, 1, 2), q1.negatives().stream().map(TrainingExample.Negative::annRank).toList());
        assertEquals("title d3 text of d3", q1.positives().getFirst().text());

        TrainingExample q2 = run.examples().get(1);
        assertEquals("q2", q2.queryId());
        assertEquals(List.of("d7", "d1"), q2.positiveIds());
        assertEquals(List.of(3, 2), q2.positives().stream().map(TrainingExample.Positive::rank).toList());
        // d1 and d7 are positives; the ghost at rank 5 has no text and is left out.
        assertEquals(List.of("d4", "d8"), q2.negativeIds());

        assertEquals(Map.of("no_positive", 1L), run.skipped());
        Map<String, Long> c = run.counts();
        assertEquals(3L, c.get("queries_seen"));
        assertEquals(7L, c.get("feedback_seen"));
        assertEquals(1L, c.get("duplicates_dropped"));
        assertEquals(5L, c.get("feedback_joined"));
        assertEquals(1L, c.get("feedback_outside_window"));
        assertEquals(1L, c.get("feedback_without_query"));
        assertEquals(1L, c.get("negative_text_missing"));
    }

    @Test
    void positivesOfAQueryTextAreNeverNegativesAndOrderOfArrivalDoesNotMatter() {
        List<Event> reversed = new ArrayList<>(events());
        java.util.Collections.reverse(reversed);
        MiningRun forward = mine(events());
        assertEquals(forward.examples(), mine(reversed).examples());
        Set<String> positivesOfText = new HashSet<>();
        forward.examples().forEach(e -> positivesOfText.addAll(e.positiveIds()));
        for (TrainingExample e : forward.examples()) {
            for (String neg : e.negativeIds()) {
                assertFalse(positivesOfText.contains(neg), neg + " is a positive for the same text but a negative of " + e.queryId());
            }
        }
    }

    @Test
    void repeatsOfAQueryWithTheSamePositivesMergeIntoOneExampleThatCountsThem() {
        HardNegativeMiner miner = new HardNegativeMiner(SETTINGS);
        // The same question asked three times (a replayed log, or a popular query), the same document clicked.
        for (int i = 0; i < 3; i++) {
            miner.add(query("r" + i, i == 1 ? "Bees  " : "bees", ofMinutes(i), List.of("d1", "d2", "d3"),
                    List.of("d1", "d2", "d3", i == 2 ? "d5" : "d4")));
            miner.add(feedback("fr" + i, "r" + i, "click", "d2", null, ofMinutes(i).plusSeconds(5)));
        }
        MiningRun run = miner.mine(MiningEvents.corpus("d1", "d2", "d3", "d4", "d5"));
        assertEquals(1, run.examples().size(), "one example, not three copies");
        TrainingExample e = run.examples().getFirst();
        assertEquals(List.of("r0", "r1", "r2"), e.provenance().queryIds());
        Map<String, Object> meta = e.meta();
        assertEquals("r0", meta.get("query_id"));
        assertEquals(3, meta.get("count"));
        assertEquals(List.of("r0", "r1", "r2"), meta.get("query_ids"));
        assertEquals(MiningEvents.at(Duration.ZERO), meta.get("timestamp"), "the first query's time");
        assertEquals("default", meta.get("pair"));
        assertTrue(e.negativeIds().containsAll(List.of("d4", "d5")), "negatives of every repeat: " + e.negativeIds());
        assertEquals(2L, run.counts().get("repeats_merged"));
    }

    @Test
    void depthAndCountBoundTheRankedNegatives() {
        HardNegativeMiner miner = new HardNegativeMiner(new MiningSettings(ofMinutes(30), ofSeconds(30), 2, 7));
        miner.add(query("q", "bees", Duration.ZERO, List.of("d1", "d2", "d3"), List.of("d1", "d2", "d3", "d4")));
        miner.add(feedback("f", "q", "click", "d2", null, ofMinutes(1)));
        MiningRun run = miner.mine(MiningEvents.corpus("d1", "d2", "d3", "d4"));
        assertEquals(List.of("d1"), run.examples().getFirst().negativeIds());
    }

    @Test
    void aPositiveWithoutTextSkipsTheExampleWithAReason() {
        HardNegativeMiner miner = new HardNegativeMiner(SETTINGS);
        miner.add(query("q", "bees", Duration.ZERO, List.of("d1", "gone"), List.of("d1", "gone")));
        miner.add(feedback("f", "q", "click", "gone", null, ofMinutes(1)));
        MiningRun run = miner.mine(MiningEvents.corpus("d1"));
        assertTrue(run.examples().isEmpty());
        assertEquals(Map.of("positive_text_missing", 1L), run.skipped());
    }
}
