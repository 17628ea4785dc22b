package io.stagegate.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits items of known token lengths into batches that minimise padding: items are sorted by length and a batch
 * closes at {@code maxBatchSize} items or when its padded size (items x longest item) would exceed
 * {@code maxBatchTokens}. An item longer than the token budget still gets a batch of its own.
 *
 * <p>Within one call only; batching across requests is the batcher's job.
 */
public final class BatchPlan {
    private BatchPlan() {
    }

    /** Returns batches as lists of indexes into {@code lengths}. */
    public static List<int[]> plan(int[] lengths, int maxBatchSize, int maxBatchTokens) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, was " + maxBatchSize);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
        }
        Integer[] order = new Integer[lengths.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Descending, so the first item of a batch is its longest and fixes its padded width.
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> lengths[i]).reversed().thenComparingInt(i -> i));
        List<int[]> batches = new ArrayList<>();
        int start = 0;
        while (start < order.length) {
            int width = lengths[order[start]];
            int end = start + 1;
            while (end < order.length && end - start < maxBatchSize && (long) (end - start + 1) * width <= maxBatchTokens) {
                end++;
            }
            int[] batch = new int[end - start];
            for (int i = start; i < end; i++) {
                batch[i - start] = order[i];
            }
            batches.add(batch);
            start = end;
        }
        return batches;
    }

    /** Padded tokens a plan costs: sum over batches of size x longest. */
    public static long paddedTokens(int[] lengths, List<int[]> batches) {
        long total = 0;
        for (int[] batch : batches) {
            int width = 0;
            for (int i : batch) {
                width = Math.max(width, lengths[i]);
            }
            total += (long) width * batch.length;
        }
        return total;
    }
}
