package io.stagegate.stats;

/**
 * Pearson's chi-square goodness of fit, as the sample-ratio-mismatch check uses it (Fabijan et al., "Diagnosing
 * Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019): counts per arm against the shares the allocation
 * promised. The p-value is the upper regularised incomplete gamma function Q(df/2, x/2), by its series below
 * {@code a + 1} and its continued fraction above (Numerical Recipes, 3rd ed., 6.2), accurate to about 1e-14.
 */
public final class ChiSquare {
    /** The statistic, its degrees of freedom and the p-value. */
    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    private ChiSquare() {
    }

    /** @param expectedShares each arm's promised share (need not sum to exactly 1; they are normalised) */
    public static Result goodnessOfFit(long[] observed, double[] expectedShares) {
        if (observed.length != expectedShares.length || observed.length < 2) {
            throw new IllegalArgumentException("need at least two arms with one share each, had " + observed.length
                    + " counts and " + expectedShares.length + " shares");
        }
        long total = 0;
        double shares = 0;
        for (int i = 0; i < observed.length; i++) {
            total += observed[i];
            shares += expectedShares[i];
        }
        double x = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * expectedShares[i] / shares;
            if (expected > 0) {
                x += (observed[i] - expected) * (observed[i] - expected) / expected;
            } else if (observed[i] > 0) {
                x = Double.POSITIVE_INFINITY;
            }
        }
        int df = observed.length - 1;
        return new Result(x, df, total == 0 ? 1.0 : upperTail(x, df));
    }

    /** P(X >= x) for X chi-square with {@code df} degrees of freedom. */
    public static double upperTail(double x, int df) {
        if (x <= 0) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        return regularisedGammaQ(df / 2.0, x / 2.0);
    }

    static double regularisedGammaQ(double a, double x) {
        if (x < a + 1) {
            return 1 - lowerSeries(a, x);
        }
        return upperFraction(a, x);
    }

    private static double lowerSeries(double a, double x) {
        double ap = a;
        double sum = 1 / a;
        double del = sum;
        for (int n = 0; n < 10_000; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-16) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double upperFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 10_000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Gamma(a) by the Lanczos approximation (g = 7, 9 terms), relative error below 1e-15 for a > 0. */
    static double logGamma(double a) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (a < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * a))) - logGamma(1 - a);
        }
        double z = a - 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) {
            s += c[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
