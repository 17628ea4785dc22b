package io.stagegate.mining;

import java.time.Duration;

/**
 * How feedback is joined to queries and how many negatives an example gets.
 *
 * @param window how long after its query a feedback event still counts (users read, then click)
 * @param skew   how far before its query a feedback event may be stamped: the query and the feedback are stamped by
 *               different requests, possibly on different gateway instances whose clocks differ a little
 * @param depth  only documents within this many places of the final ranking are hard-negative candidates
 * @param count  at most this many negatives per example
 */
public record MiningSettings(Duration window, Duration skew, int depth, int count) {
    public MiningSettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be a positive duration, was " + window);
        }
        if (skew == null || skew.isNegative()) {
            throw new IllegalArgumentException("skew must be zero or a positive duration, was " + skew);
        }
        if (depth < 1 || depth > 10_000) {
            throw new IllegalArgumentException("depth must be 1..10000, was " + depth);
        }
        if (count < 1 || count > 1_000) {
            throw new IllegalArgumentException("count must be 1..1000, was " + count);
        }
    }

    public static MiningSettings defaults() {
        return new MiningSettings(Duration.ofMinutes(30), Duration.ofSeconds(30), 20, 7);
    }
}
