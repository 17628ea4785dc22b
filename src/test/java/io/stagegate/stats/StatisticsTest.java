package io.stagegate.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every figure here was computed by hand (or from a closed form) before the code ran. */
class StatisticsTest {

    @Test
    void signTestIsTheExactTwoSidedBinomialTail() {
        // 8 wins, 2 losses: P(X <= 2 | n=10, 1/2) = (1 + 10 + 45) / 1024; doubled.
        assertEquals(2 * 56.0 / 1024, Statistics.signTestPValue(8, 2), 1e-12);
        assertEquals(2 * 11.0 / 1024, Statistics.signTestPValue(1, 9), 1e-12);
        assertEquals(1.0, Statistics.signTestPValue(5, 5), 1e-12);
        assertEquals(1.0, Statistics.signTestPValue(0, 0), 1e-12);
        // 20 wins, 0 losses: 2 / 2^20.
        assertEquals(2.0 / (1 << 20), Statistics.signTestPValue(20, 0), 1e-15);
        // Large n stays finite: 5,300 vs 4,700 is about 6 standard deviations (z = 300/50).
        double p = Statistics.signTestPValue(5_300, 4_700);
        assertTrue(p > 1e-10 && p < 5e-9, "p = " + p);
    }

    @Test
    void welchTestOnHandComputedMeansAndVariances() {
        // Means 2.5 and 3.5, sample variances 5/3 each, n = 4: se = sqrt(5/6), z = 1.0954; two-sided normal p = 0.27332.
        assertEquals(0.27332, Statistics.welchPValue(new double[] {1, 2, 3, 4}, new double[] {2, 3, 4, 5}), 1e-4);
        assertEquals(1.0, Statistics.welchPValue(new double[] {1, 1}, new double[] {1, 1}), 1e-12);
    }

    @Test
    void bootstrapIntervalOfAnEnumerableCase() {
        // first = {0}: its mean is always 0. second = {0, 1}: a resample's mean is 0 (p 1/4), 0.5 (1/2) or 1 (1/4),
        // so the 2.5% and 97.5% quantiles of the difference are exactly 0 and 1.
        Statistics.Interval ci = Statistics.bootstrapDifference(new double[] {0}, new double[] {0, 1}, Statistics::mean,
                20_000, 1);
        assertEquals(0.5, ci.estimate(), 1e-12);
        assertEquals(0.0, ci.low(), 1e-12);
        assertEquals(1.0, ci.high(), 1e-12);
    }

    @Test
    void bootstrapOfConstantsHasNoWidthAndIsReproducible() {
        Statistics.Interval ci = Statistics.bootstrapDifference(new double[] {0, 0, 0}, new double[] {1, 1}, Statistics::mean,
                500, 7);
        assertEquals(new Statistics.Interval(1, 1, 1), ci);
        double[] a = {1, 5, 2, 8, 3};
        double[] b = {4, 9, 6, 7, 5};
        assertEquals(Statistics.bootstrapDifference(a, b, Statistics::mean, 1000, 42),
                Statistics.bootstrapDifference(a, b, Statistics::mean, 1000, 42));
    }

    @Test
    void bootstrapIntervalOfMeansApproachesTheNormalInterval() {
        // Bernoulli samples with p = 0.3 and 0.4, n = 2000 each: normal 95% half-width
        // 1.96 * sqrt(0.21/2000 + 0.24/2000) = 0.0294.
        double[] a = new double[2000];
        double[] b = new double[2000];
        for (int i = 0; i < 2000; i++) {
            a[i] = i < 600 ? 1 : 0;
            b[i] = i < 800 ? 1 : 0;
        }
        Statistics.Interval ci = Statistics.bootstrapDifference(a, b, Statistics::mean, 4000, 3);
        assertEquals(0.1, ci.estimate(), 1e-12);
        assertEquals(0.1 - 0.0294, ci.low(), 0.003);
        assertEquals(0.1 + 0.0294, ci.high(), 0.003);
    }

    @Test
    void percentileInterpolatesLinearly() {
        double[] x = {10, 40, 20, 30};
        assertEquals(25, Statistics.percentile(x, 0.5), 1e-12);
        assertEquals(10, Statistics.percentile(x, 0), 1e-12);
        assertEquals(40, Statistics.percentile(x, 1), 1e-12);
        assertEquals(37, Statistics.percentile(x, 0.9), 1e-12);
    }

    @Test
    void normalCdfAtKnownPoints() {
        assertEquals(0.5, Statistics.normalCdf(0), 1e-7);
        assertEquals(0.975002, Statistics.normalCdf(1.96), 1e-6);
        assertEquals(0.158655, Statistics.normalCdf(-1), 1e-6);
    }
}
