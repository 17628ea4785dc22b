package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

    @Test
    void groupsByLengthAndClosesAtTheItemLimit() {
        int[] lengths = {10, 200, 12, 190, 11, 205};
        List<int[]> plan = BatchPlan.plan(lengths, 3, 100_000);
        assertEquals(2, plan.size());
        assertArrayEquals(new int[] {5, 1, 3}, plan.get(0));
        assertArrayEquals(new int[] {2, 4, 0}, plan.get(1));
    }

    @Test
    void closesWhenPaddedTokensWouldExceedTheBudget() {
        int[] lengths = {100, 100, 100, 100};
        List<int[]> plan = BatchPlan.plan(lengths, 16, 250);
        assertEquals(List.of(2, 2), plan.stream().map(b -> b.length).toList());
    }

    @Test
    void anItemLongerThanTheBudgetStillGetsItsOwnBatch() {
        List<int[]> plan = BatchPlan.plan(new int[] {600, 5}, 16, 512);
        assertArrayEquals(new int[] {0}, plan.get(0));
        assertArrayEquals(new int[] {1}, plan.get(1));
    }

    @Test
    void everyItemAppearsExactlyOnceAndPaddingStaysLowOnMixedLengths() {
        SplittableRandom random = new SplittableRandom(7);
        int[] lengths = random.ints(1000, 40, 257).toArray();
        List<int[]> plan = BatchPlan.plan(lengths, 16, 8192);
        int[] seen = new int[lengths.length];
        plan.forEach(b -> Arrays.stream(b).forEach(i -> seen[i]++));
        assertTrue(Arrays.stream(seen).allMatch(n -> n == 1));
        long real = Arrays.stream(lengths).sum();
        double ratio = (double) BatchPlan.paddedTokens(lengths, plan) / real;
        assertTrue(ratio < 1.05, "padded/real " + ratio);
    }
}
