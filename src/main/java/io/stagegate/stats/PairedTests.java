package io.stagegate.stats;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Significance of a per-query difference between two systems evaluated on the same queries (plain Java, seeded);
 * the descriptive statistics they use are {@link Statistics}'.
 *
 * <ul>
 *   <li>{@link #randomisation}: the paired randomisation (sign-flip permutation) test of Fisher/Pitman as Smucker et
 *       al. (CIKM 2007) recommend for IR: under H0 each query's difference is as likely negated, so the two-sided
 *       p-value is the share of sign assignments whose mean is at least as far from 0 as the observed one. Exact
 *       (all 2^n assignments) for n &le; {@value #EXACT_MAX_N}; otherwise B seeded random assignments, counted with
 *       the observed one, {@code p = (1 + hits) / (B + 1)}, so p is never 0.</li>
 *   <li>{@link #bootstrapInterval}: the percentile interval of the mean difference over B seeded resamples of queries.</li>
 *   <li>{@link #holm}: Holm's step-down adjustment, which controls the family-wise error rate across all comparisons.</li>
 * </ul>
 */
public final class PairedTests {
    public static final int EXACT_MAX_N = 20;
    /** Relative tolerance so that sign assignments equal to the observed mean up to rounding count as "as extreme". */
    private static final double EPS = 1e-12;

    private PairedTests() {
    }

    /** The mean difference; 0 for no queries (nothing differs). */
    public static double mean(double[] d) {
        return d.length == 0 ? 0 : Statistics.mean(d);
    }

    /** Two-sided p-value of the paired randomisation test on differences {@code d = a - b}. */
    public static double randomisation(double[] d, int samples, long seed) {
        int n = d.length;
        if (n == 0) {
            return 1.0;
        }
        double observed = Math.abs(sum(d));
        double tolerance = EPS * Math.max(1.0, observed);
        if (n <= EXACT_MAX_N) {
            long total = 1L << n;
            long hits = 0;
            for (long mask = 0; mask < total; mask++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += ((mask >>> i) & 1) == 0 ? d[i] : -d[i];
                }
                if (Math.abs(s) >= observed - tolerance) {
                    hits++;
                }
            }
            return (double) hits / total;
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long hits = 0;
        for (int b = 0; b < samples; b++) {
            double s = 0;
            for (double x : d) {
                s += random.nextBoolean() ? x : -x;
            }
            if (Math.abs(s) >= observed - tolerance) {
                hits++;
            }
        }
        return (hits + 1.0) / (samples + 1.0);
    }

    /** The 95% (or {@code level}) percentile bootstrap interval of the mean of {@code d}. */
    public static double[] bootstrapInterval(double[] d, int samples, double level, long seed) {
        int n = d.length;
        if (n == 0) {
            return new double[] {0, 0};
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[samples];
        for (int b = 0; b < samples; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[random.nextInt(n)];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        double alpha = (1 - level) / 2;
        return new double[] {quantile(means, alpha), quantile(means, 1 - alpha)};
    }

    static double quantile(double[] sorted, double q) {
        return Statistics.quantileOfSorted(sorted, q);
    }

    /**
     * Holm-adjusted p-values in the input order: sorted ascending, {@code p_(i)} becomes
     * {@code max_{j <= i} min(1, (m - j + 1) p_(j))} (1-based); reject where adjusted &lt; alpha.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int j = 0; j < m; j++) {
            double v = Math.min(1.0, (m - j) * p[order[j]]);
            running = Math.max(running, v);
            adjusted[order[j]] = running;
        }
        return adjusted;
    }

    private static double sum(double[] d) {
        double s = 0;
        for (double x : d) {
            s += x;
        }
        return s;
    }
}
