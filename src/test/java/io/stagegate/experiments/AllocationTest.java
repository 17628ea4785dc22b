package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllocationTest {

    private static Map<String, Double> weights(Object... armWeight) {
        Map<String, Double> w = new LinkedHashMap<>();
        for (int i = 0; i < armWeight.length; i += 2) {
            w.put((String) armWeight[i], ((Number) armWeight[i + 1]).doubleValue());
        }
        return w;
    }

    @Test
    void weightsBecomeExactBucketCountsByLargestRemainder() {
        assertEquals(Map.of("a", 5000, "b", 5000), Allocation.initial(weights("a", 1, "b", 1)).counts());
        // 10,000 / 3 = 3333.33 each: one leftover bucket goes to the first arm (ties in arm order).
        assertEquals(Map.of("a", 3334, "b", 3333, "c", 3333), Allocation.initial(weights("a", 1, "b", 1, "c", 1)).counts());
        assertEquals(Map.of("a", 1000, "b", 9000), Allocation.initial(weights("a", 0.1, "b", 0.9)).counts());
        // 2/7 = 2857.14, 5/7 = 7142.86: the larger remainder takes the leftover bucket.
        assertEquals(Map.of("a", 2857, "b", 7143), Allocation.initial(weights("a", 2, "b", 5)).counts());
    }

    @Test
    void aNewAllocationIsContiguousInArmOrder() {
        Allocation a = Allocation.initial(weights("a", 1, "b", 3));
        assertEquals("a", a.armOf(0));
        assertEquals("a", a.armOf(2499));
        assertEquals("b", a.armOf(2500));
        assertEquals("b", a.armOf(9999));
        assertEquals(2, a.ranges().size());
    }

    @Test
    void aWeightChangeMovesExactlyTheMinimumNumberOfBuckets() {
        Allocation even = Allocation.initial(weights("a", 1, "b", 1, "c", 1));
        Allocation skewed = even.rebalance(weights("a", 2, "b", 1, "c", 1));
        assertEquals(Map.of("a", 5000, "b", 2500, "c", 2500), skewed.counts());
        // a grows by 1666; b and c shrink by 833 each; contiguous re-layout would also move c's buckets into b.
        assertEquals(1666, even.moved(skewed));
        for (int bucket = 0; bucket < Buckets.COUNT; bucket++) {
            String before = even.armOf(bucket);
            String after = skewed.armOf(bucket);
            assertTrue(before.equals(after) || after.equals("a"), "bucket " + bucket + " moved " + before + " -> " + after
                    + " although only a grew");
        }
    }

    @Test
    void addingAndRemovingArmsOnlyMovesWhatMust() {
        Allocation two = Allocation.initial(weights("a", 1, "b", 1));
        Allocation three = two.rebalance(weights("a", 1, "b", 1, "c", 1));
        assertEquals(3333, two.moved(three), "c takes 3333 buckets, a and b give them up");
        Allocation back = three.rebalance(weights("a", 1, "c", 1));
        assertEquals(Map.of("a", 5000, "c", 5000), back.counts());
        // b's 3333 buckets must move; a gains 1666 of them (5000 - 3334); c gains 1667.
        assertEquals(3333, three.moved(back));
    }

    @Test
    void unchangedWeightsMoveNothing() {
        Allocation a = Allocation.initial(weights("x", 3, "y", 7));
        assertEquals(0, a.moved(a.rebalance(weights("x", 3, "y", 7))));
        assertEquals(0, a.moved(a.rebalance(weights("x", 30, "y", 70))));
    }

    @Test
    void unitsLandInArmsInProportionToWeightsByChiSquare() {
        Allocation a = Allocation.initial(weights("a", 1, "b", 2, "c", 7));
        Map<String, Integer> seen = new HashMap<>();
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            seen.merge(a.armOf(Buckets.bucket("prop-test", "user-" + i)), 1, Integer::sum);
        }
        double chi = 0;
        Map<String, Double> expected = Map.of("a", 0.1 * n, "b", 0.2 * n, "c", 0.7 * n);
        for (var e : expected.entrySet()) {
            double d = seen.getOrDefault(e.getKey(), 0) - e.getValue();
            chi += d * d / e.getValue();
        }
        // Chi-square with 2 degrees of freedom: 13.82 is the 0.999 quantile.
        assertTrue(chi < 13.82, "chi-square " + chi + " for " + seen);
    }

    @Test
    void aUnitKeepsItsArmWhileWeightsStayAndMovesOnlyIfItsBucketMoved() {
        Allocation before = Allocation.initial(weights("a", 1, "b", 1));
        Allocation after = before.rebalance(weights("a", 1, "b", 3));
        int moved = 0;
        for (int i = 0; i < 20_000; i++) {
            String unit = "client-" + i;
            int bucket = Buckets.bucket("sticky", unit);
            assertEquals(before.armOf(bucket), before.armOf(Buckets.bucket("sticky", unit)), "not sticky");
            if (!before.armOf(bucket).equals(after.armOf(bucket))) {
                moved++;
                assertEquals("b", after.armOf(bucket), "only units moving into the growing arm move");
            }
        }
        // a shrinks from 50% to 25%: about a quarter of the units move, none the other way.
        assertTrue(moved > 4_500 && moved < 5_500, "moved " + moved);
    }

    @Test
    void badWeightsAndTilingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Allocation.initial(weights("a", 0, "b", 1)));
        assertThrows(IllegalArgumentException.class, () -> Allocation.initial(weights("a", -1, "b", 1)));
        assertThrows(IllegalArgumentException.class, () -> new Allocation(java.util.List.of(
                new Allocation.Range(0, 5000, "a"), new Allocation.Range(5001, 10000, "b"))));
    }
}
