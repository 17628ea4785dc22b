package io.stagegate.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Known answers for the experiment statistics: published tables, closed forms, and numeric integration. */
class ExperimentStatisticsTest {
    @Test
    void chiSquareUpperTailMatchesPublishedCriticalValues() {
        assertEquals(0.05, ChiSquare.upperTail(3.841458820694124, 1), 1e-12);
        assertEquals(0.05, ChiSquare.upperTail(5.991464547107979, 2), 1e-12);
        assertEquals(0.05, ChiSquare.upperTail(7.814727903251178, 3), 1e-12);
        assertEquals(0.001, ChiSquare.upperTail(10.827566170662733, 1), 1e-14);
        assertEquals(0.01, ChiSquare.upperTail(23.209251158954356, 10), 1e-12);
    }

    @Test
    void sampleRatioOf9700Against10300IsChiSquare18() {
        ChiSquare.Result r = ChiSquare.goodnessOfFit(new long[] {9700, 10300}, new double[] {0.5, 0.5});
        assertEquals(18.0, r.statistic(), 1e-12);
        assertEquals(1, r.degreesOfFreedom());
        // P(chi2_1 >= 18) = erfc(3).
        assertEquals(2.209049699858544e-05, r.pValue(), 1e-15);
        ChiSquare.Result weighted = ChiSquare.goodnessOfFit(new long[] {900, 100}, new double[] {90, 10});
        assertEquals(0.0, weighted.statistic(), 1e-12);
        assertEquals(1.0, weighted.pValue(), 1e-12);
        ChiSquare.Result unpromised = ChiSquare.goodnessOfFit(new long[] {10, 1}, new double[] {1, 0});
        assertEquals(0.0, unpromised.pValue(), 0);
    }

    @Test
    void normalQuantileInvertsTheCdf() {
        assertEquals(1.959963984540054, Statistics.normalQuantile(0.975), 1e-12);
        assertEquals(0.8416212335729143, Statistics.normalQuantile(0.8), 1e-12);
        assertEquals(-3.090232306167814, Statistics.normalQuantile(0.001), 1e-11);
        for (double p = 0.0005; p < 1; p += 0.0371) {
            assertEquals(p, Statistics.normalCdf(Statistics.normalQuantile(p)), 1e-7);
        }
    }

    @Test
    void unitRatioVarianceIsTheDeltaMethodClosedForm() {
        double[] y = {1, 0, 3, 2, 5, 0, 1};
        double[] n = {2, 1, 4, 2, 9, 3, 1};
        UnitRatio r = UnitRatio.of(y, n);
        double k = y.length;
        double my = mean(y);
        double mn = mean(n);
        double syy = 0;
        double snn = 0;
        double syn = 0;
        for (int i = 0; i < y.length; i++) {
            syy += (y[i] - my) * (y[i] - my) / (k - 1);
            snn += (n[i] - mn) * (n[i] - mn) / (k - 1);
            syn += (y[i] - my) * (n[i] - mn) / (k - 1);
        }
        double ratio = my / mn;
        // Deng et al. 2018, eq. 4: Var(Y/N) = (s_y^2 - 2 R s_yn + R^2 s_n^2) / (k mean(n)^2).
        double expected = (syy - 2 * ratio * syn + ratio * ratio * snn) / (k * mn * mn);
        assertEquals(12.0 / 22.0, r.value(), 1e-15);
        assertEquals(expected, r.variance(), 1e-15);
        assertEquals(0, mean(r.linearised()), 1e-15);
    }

    @Test
    void cupedRemovesWhatTheCovariateExplainsAndKeepsTheMean() {
        double[][] v = {{1, 2, 3, 4}, {2, 3, 4, 5}};
        double[][] x = {{2, 4, 6, 8}, {2, 4, 6, 8}};
        Cuped c = Cuped.fit(v, x);
        // Pooled: cov(v, x) / var(x) = 0.5 (the arm offset is orthogonal to x here).
        assertEquals(0.5, c.theta(), 1e-12);
        assertEquals(5, c.meanCovariate(), 1e-12);
        double[] a = c.adjust(v[0], x[0]);
        double[] b = c.adjust(v[1], x[1]);
        assertEquals(0, Statistics.variance(a), 1e-12);
        assertEquals(1, mean(b) - mean(a), 1e-12);
        Cuped missing = Cuped.fit(new double[][] {{1, 2, 3, 4}}, new double[][] {{1, Double.NaN, 3, 5}});
        assertEquals(3, missing.unitsWithHistory());
        assertEquals(2, missing.adjust(new double[] {1, 2, 3, 4}, new double[] {1, Double.NaN, 3, 5})[1], 1e-12,
                "a unit without history is left as it is");
    }

    @Test
    void mixtureLikelihoodRatioMatchesNumericIntegration() {
        double d = 0.031;
        double variance = 0.0002;
        double tau = 0.02;
        // Lambda = integral of N(d; theta, V) / N(d; 0, V) over theta ~ N(0, tau^2).
        double sum = 0;
        double step = tau / 2000;
        for (double theta = -12 * tau; theta <= 12 * tau; theta += step) {
            double ratio = Math.exp((2 * d * theta - theta * theta) / (2 * variance));
            double prior = Math.exp(-theta * theta / (2 * tau * tau)) / Math.sqrt(2 * Math.PI * tau * tau);
            sum += ratio * prior * step;
        }
        SequentialTest.Result r = SequentialTest.withTau(d, variance, tau, 0.05);
        assertEquals(1 / sum, r.pValue(), 1e-9 * (1 / sum) + 1e-12);
        // The interval's edge is where the test of that difference is exactly at alpha.
        SequentialTest.Result atEdge = SequentialTest.withTau(r.high() - d, variance, tau, 0.05);
        assertEquals(0.05, atEdge.pValue(), 1e-9);
    }

    @Test
    void alwaysValidTestHoldsItsErrorRateUnderContinuousPeekingWhereTheFixedOneDoesNot() {
        int seeds = 300;
        int valid = 0;
        int fixed = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            double sa = 0;
            double sb = 0;
            boolean v = false;
            boolean f = false;
            for (int n = 1; n <= 2000; n++) {
                sa += random.nextGaussian();
                sb += random.nextGaussian();
                if (n % 20 == 0) {
                    double est = (sb - sa) / n;
                    double var = 2.0 / n;
                    SequentialTest.Result r = SequentialTest.test(est, var, 2L * n, 2000, 0.05);
                    v |= r.pValue() < 0.05;
                    f |= Math.abs(est / Math.sqrt(var)) > 1.959963984540054;
                }
            }
            valid += v ? 1 : 0;
            fixed += f ? 1 : 0;
        }
        assertTrue(valid <= 0.05 * seeds + 2 * Math.sqrt(0.05 * 0.95 * seeds), "always-valid rejected " + valid);
        assertTrue(fixed > 0.15 * seeds, "peeking at a fixed-horizon test should inflate its error: " + fixed);
    }

    private static double mean(double[] x) {
        return Statistics.mean(x);
    }
}
