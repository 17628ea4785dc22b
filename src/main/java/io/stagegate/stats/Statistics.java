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

    /**
     * The standard normal quantile (inverse CDF), by Acklam's rational approximation refined with one Halley step
     * against {@link #normalCdf}, so as exact as that CDF (about 1e-14).
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), was " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x;
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - 0.02425) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double e = normalCdf(x) - p;
        double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /**
     * Complementary error function, as the regularised upper incomplete gamma Q(1/2, x^2) (accurate to about 1e-14,
     * which the normal quantile's Halley step and the sequential p-values inherit).
     */
    static double erfc(double x) {
        double r = ChiSquare.upperTail(2 * x * x, 1);
        return x >= 0 ? r : 2 - r;
    }
}
