package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rank comparisons against hand-computed values and published examples. RBO is the extrapolated RBO_EXT of Webber,
 * Moffat and Zobel (2010, eq. 32); the widely copied example rbo([1,2,3], [3,2,1], p=0.9) = 0.855 is its value for
 * equal-length lists. (The `rbo` Python package's README prints p = 1 average overlap for its examples, a different
 * quantity, so it is not a reference here.)
 */
class RankComparisonTest {
    private static final double EPS = 1e-9;

    private static List<String> ids(Object... xs) {
        return java.util.Arrays.stream(xs).map(String::valueOf).toList();
    }

    @Test
    void rboOfEqualLengthListsMatchesThePublishedExampleAndHandComputation() {
        assertEquals(0.855, RankComparison.rbo(ids(1, 2, 3), ids(3, 2, 1), 0.9), EPS);
        // Overlaps 1, 1, 3 of depths 1..3: (1/9)(0.9 + 0.405 + 0.729) + 0.729 = 0.955.
        assertEquals(0.955, RankComparison.rbo(ids(1, 2, 3), ids(1, 3, 2), 0.9), EPS);
    }

    @Test
    void rboIsOneForIdenticalListsAndZeroForDisjointOnes() {
        List<String> ten = IntStream.rangeClosed(1, 10).mapToObj(String::valueOf).toList();
        assertEquals(1.0, RankComparison.rbo(ten, ten, 0.9), EPS);
        assertEquals(0.0, RankComparison.rbo(ids(1, 2, 3), ids(4, 5, 6), 0.9), EPS);
    }

    @Test
    void rboExtrapolatesUnevenListsByEquation32() {
        // A prefix of the longer list: the agreement seen so far is assumed to continue, so 1.
        assertEquals(1.0, RankComparison.rbo(ids("a", "b"), ids("a", "b", "c", "d"), 0.9), EPS);
        // X = 1, 1, 1, 1 with s = 2, l = 4: (1/9)(1.712025 + 0.285525) + (0/4 + 1/2) 0.6561 = 0.55.
        assertEquals(0.55, RankComparison.rbo(ids("a", "x"), ids("a", "b", "c", "d"), 0.9), EPS);
        // Order of the arguments does not matter.
        assertEquals(0.55, RankComparison.rbo(ids("a", "b", "c", "d"), ids("a", "x"), 0.9), EPS);
    }

    @Test
    void rboAgreesWithAnIndependentImplementationOnRandomLists() {
        // Values from a direct transcription of eq. 32 in Python (X_d recomputed from sets at every depth).
        assertEquals(0.24806597374285716, RankComparison.rbo(ids(7, 18, 17, 4, 11, 19, 15, 20, 28, 2),
                ids(19, 0, 26, 15, 8, 17, 7, 6, 27, 24), 0.9), 1e-12);
        assertEquals(0.321489, RankComparison.rbo(ids(26, 17, 15, 12, 20, 4),
                ids(7, 20, 4, 16, 12, 23, 0, 21, 2, 5), 0.9), 1e-12);
    }

    @Test
    void overlapAtKCountsSharedDocumentsInBothTopK() {
        List<String> a = ids(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        List<String> b = ids(1, 2, 3, 11, 12, 13, 14, 15, 16, 17);
        assertEquals(1.0, RankComparison.overlap(a, b, 1), EPS);
        assertEquals(3.0 / 5, RankComparison.overlap(a, b, 5), EPS);
        assertEquals(3.0 / 10, RankComparison.overlap(a, b, 10), EPS);
        // Order within the top k does not matter; depth shrinks to the longer list's length.
        assertEquals(1.0, RankComparison.overlap(ids(1, 2), ids(2, 1), 10), EPS);
        assertEquals(0.5, RankComparison.overlap(ids(1), ids(1, 2), 10), EPS);
        assertEquals(1.0, RankComparison.overlap(List.of(), List.of(), 10), EPS);
    }

    @Test
    void kendallTauIsComputedOnTheSharedDocuments() {
        // One swapped pair of six: (5 - 1) / 6.
        assertEquals(4.0 / 6, RankComparison.kendallTau(ids(1, 2, 3, 4), ids(1, 2, 4, 3)), EPS);
        assertEquals(1.0, RankComparison.kendallTau(ids(1, 2, 3), ids(1, 2, 3)), EPS);
        // Shared {1, 2, 3}, fully reversed in b; the unshared 9 and 7 are ignored.
        assertEquals(-1.0, RankComparison.kendallTau(ids(1, 2, 3, 9), ids(3, 2, 1, 7)), EPS);
        assertTrue(Double.isNaN(RankComparison.kendallTau(ids(1, 2), ids(2, 5))), "one shared document has no pair");
    }

    @Test
    void topOneAgreement() {
        assertTrue(RankComparison.topOneAgrees(ids(1, 2), ids(1, 3)));
        assertFalse(RankComparison.topOneAgrees(ids(1, 2), ids(2, 1)));
        assertFalse(RankComparison.topOneAgrees(List.of(), ids(1)));
    }
}
