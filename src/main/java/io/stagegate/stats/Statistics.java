package io.stagegate.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The one statistics kit's descriptive part and the tests of independent samples (the paired tests of the evaluation
 * grid are {@link PairedTests}), small enough to check by hand: means, percentiles, a percentile
 * bootstrap interval for a difference between two independent samples, Welch's z-test for a difference in means (the
 * samples here are thousands of queries, where the normal approximation is exact enough), and the exact two-sided
 * sign test that interleaving uses.
 */
public final class Statistics {
    private Statistics() {
    }

    /** A difference (second minus first) with its 95% interval. */
    public record Interval(double estimate, double low, double high) {
    }

    public static double mean(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Linear interpolation between order statistics (R's type 7, numpy's default); q in [0, 1]. */
    public static double percentile(double[] x, double q) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        return quantileOfSorted(s, q);
    }

    /** {@link #percentile} of values already sorted ascending (no copy). */
    public static double quantileOfSorted(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Percentile bootstrap of stat(second) - stat(first): each sample is resampled with replacement on its own
     * (the arms are independent), {@code iterations} times with a seeded generator, and the 2.5% and 97.5% quantiles
     * of the resampled differences bound the interval.
     */
    public static Interval bootstrapDifference(double[] first, double[] second, ToDoubleFunction<double[]> stat,
                                               int iterations, long seed) {
        double estimate = stat.applyAsDouble(second) - stat.applyAsDouble(first);
        if (first.length == 0 || second.length == 0) {
            return new Interval(estimate, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] diffs = new double[iterations];
        double[] a = new double[first.length];
        double[] b = new double[second.length];
        for (int i = 0; i < iterations; i++) {
            resample(first, a, random);
            resample(second, b, random);
            diffs[i] = stat.applyAsDouble(b) - stat.applyAsDouble(a);
        }
        return new Interval(estimate, percentile(diffs, 0.025), percentile(diffs, 0.975));
    }

    private static void resample(double[] from, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    /** Two-sided p-value of Welch's test for equal means, normal approximation; NaN without variance to test. */
    public static double welchPValue(double[] first, double[] second) {
        if (first.length < 2 || second.length < 2) {
            return Double.NaN;
        }
        double se = Math.sqrt(variance(first) / first.length + variance(second) / second.length);
        double diff = mean(second) - mean(first);
        if (se == 0) {
            return diff == 0 ? 1.0 : 0.0;
        }
        return 2 * normalCdf(-Math.abs(diff / se));
    }

    /** Unbiased sample variance. */
    public static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /**
     * Exact two-sided sign test: under no preference every decided query is a fair coin, so the p-value is twice the
     * binomial tail at the smaller count (capped at 1). Ties carry no preference and are left out.
     */
    public static double signTestPValue(long wins, long losses) {
        long n = wins + losses;
        if (n == 0) {
            return 1.0;
        }
        long k = Math.min(wins, losses);
        // Sum C(n, i) / 2^n for i = 0..k in log space: n reaches millions in long experiments.
        double logTerm = -n * Math.log(2);
        double logSum = logTerm;
        for (long i = 1; i <= k; i++) {
            logTerm += Math.log((double) (n - i + 1) / i);
            double hi = Math.max(logSum, logTerm);
            logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logTerm - hi));
        }
        return Math.min(1.0, 2 * Math.exp(logSum));
    }

    /** The standard normal CDF. */
    public static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function; Chebyshev fit with fractional error below 1.2e-7 everywhere. */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
