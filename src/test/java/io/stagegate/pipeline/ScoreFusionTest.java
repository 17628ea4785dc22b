package io.stagegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stagegate.Fusion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fusion against values computed by hand. */
class ScoreFusionTest {
    static ScoreFusion.Input list(List<String> ids, double... scores) {
        return new ScoreFusion.Input(ids, scores);
    }

    static void assertFused(List<ScoreFusion.Fused> fused, Object... idThenScore) {
        assertEquals(idThenScore.length / 2, fused.size(), fused.toString());
        for (int i = 0; i < fused.size(); i++) {
            assertEquals(idThenScore[2 * i], fused.get(i).id(), "position " + i + " of " + fused);
            assertEquals((double) idThenScore[2 * i + 1], fused.get(i).score(), 1e-12, "score of " + fused.get(i).id());
        }
    }

    @Test
    void rrfSumsReciprocalRanksAndDocumentsInOneListGetOneTerm() {
        // dense: a, b, c   bm25: c, d, a
        var fused = ScoreFusion.fuse(List.of(list(List.of("a", "b", "c"), 0.9, 0.8, 0.7),
                list(List.of("c", "d", "a"), 12, 10, 3)), Fusion.rrf(60));
        // a: 1/61 + 1/63, c: 1/63 + 1/61 (tie with a), b: 1/62, d: 1/62 (tie with b)
        double ac = 1.0 / 61 + 1.0 / 63;
        // Ties: the better rank in the first (dense) list wins; b is in it, d is not.
        assertFused(fused, "a", ac, "c", ac, "b", 1.0 / 62, "d", 1.0 / 62);
    }

    @Test
    void rrfWeightsScaleEachListsTerms() {
        var fused = ScoreFusion.fuse(List.of(list(List.of("a", "b"), 2, 1), list(List.of("b", "a"), 2, 1)),
                new Fusion(Fusion.Method.RRF, 1, List.of(3.0, 1.0), Fusion.Normalization.MINMAX));
        // a: 3/2 + 1/3 = 1.8333, b: 3/3 + 1/2 = 1.5
        assertFused(fused, "a", 3.0 / 2 + 1.0 / 3, "b", 1.0 + 0.5);
    }

    @Test
    void convexMinMaxNormalisesEachListAndMissingDocumentsAddZero() {
        // dense scores 0.9, 0.6, 0.3 -> 1, 0.5, 0; bm25 scores 20, 10 -> 1, 0
        var fused = ScoreFusion.fuse(List.of(list(List.of("a", "b", "c"), 0.9, 0.6, 0.3), list(List.of("c", "d"), 20, 10)),
                Fusion.convex(List.of(0.7, 0.3)));
        // a: 0.7*1 = 0.7, b: 0.7*0.5 = 0.35, c: 0.7*0 + 0.3*1 = 0.3, d: 0 + 0.3*0 = 0
        assertFused(fused, "a", 0.7, "b", 0.35, "c", 0.3, "d", 0.0);
    }

    @Test
    void convexWithEqualScoresGivesThemOneAndBreaksTiesByFirstListRankThenId() {
        var fused = ScoreFusion.fuse(List.of(list(List.of("x", "y"), 0.5, 0.5), list(List.of("z"), 3)), Fusion.convex(List.of()));
        // every list is constant: present documents get 1 each, weight 1 each
        assertFused(fused, "x", 1.0, "y", 1.0, "z", 1.0);
    }

    @Test
    void zScoreUsesPopulationSdAndMissingTakesTheListsLowestZ() {
        // list 1: 3, 1 -> mean 2, sd 1 -> +1, -1 ; list 2: only b with 5 -> sd 0 -> 0; a missing there -> min z = 0
        var fused = ScoreFusion.fuse(List.of(list(List.of("a", "b"), 3, 1), list(List.of("b"), 5)),
                new Fusion(Fusion.Method.CONVEX, 60, List.of(), Fusion.Normalization.ZSCORE));
        assertFused(fused, "a", 1.0, "b", -1.0);
    }

    @Test
    void aDocumentListedTwiceInOneListKeepsItsFirstRank() {
        var fused = ScoreFusion.fuse(List.of(list(List.of("a", "a", "b"), 3, 2, 1)), Fusion.rrf(60));
        assertFused(fused, "a", 1.0 / 61, "b", 1.0 / 63);
    }

    @Test
    void weightsMustMatchTheInputs() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScoreFusion.fuse(List.of(list(List.of("a"), 1)),
                Fusion.convex(List.of(0.5, 0.5))));
        assertEquals("fusion.weights must be 1 numbers (one per fused input), were 2: [0.5, 0.5]", e.getMessage());
    }
}
