package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.ScoredDocument;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An interleaved list's scores fall with rank whatever the arms' scales; each hit keeps its arm's own score. */
class InterleavingTest {
    private static SearchResult result(String pair, double... scores) {
        List<ScoredDocument> hits = new java.util.ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            hits.add(new ScoredDocument(pair + "-d" + i, "t", null, Map.of(), scores[i], scores[i], i + 1, i + 1));
        }
        StageTimings t = new StageTimings(1, 1, 0, 2, 0, 1, 0, 0);
        return new SearchResult("r1", pair, hits, List.of(), t, false, 5);
    }

    @Test
    void scoreIsOneOverRankAndArmScoreTheContributingArmsOwn() {
        // Arm a scores around 0.9 (cosine), arm b around 0.1 (a fused score): mixed, raw scores would jump by rank.
        SearchResult a = result("a", 0.91, 0.90, 0.89, 0.88);
        SearchResult b = result("b", 0.165, 0.150, 0.120, 0.110);
        Interleaving.Merged merged = Interleaving.merge(a, b, 6, 42, 3.0);
        List<ScoredDocument> hits = merged.result().hits();
        assertEquals(6, hits.size());
        for (int i = 0; i < hits.size(); i++) {
            ScoredDocument h = hits.get(i);
            assertEquals(i + 1, h.rank());
            assertEquals(1.0 / (i + 1), h.score(), 1e-12);
            String arm = merged.contributedBy().get(i);
            SearchResult from = arm.equals("a") ? a : b;
            double own = from.hits().stream().filter(d -> d.id().equals(h.id())).findFirst().orElseThrow().score();
            assertEquals(own, h.armScore(), 1e-12, h.id());
            if (i > 0) {
                assertTrue(h.score() < hits.get(i - 1).score(), "score falls with rank");
            }
        }
    }
}
