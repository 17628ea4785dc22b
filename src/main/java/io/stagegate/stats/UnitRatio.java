package io.stagegate.stats;

/**
 * A metric that is a ratio of per-unit sums, such as click-through per query when arms are assigned per user:
 * {@code R = sum(y) / sum(n)} over the randomisation units, where {@code y_i} is unit i's numerator (its clicked
 * queries) and {@code n_i} its denominator (its queries). Units are the independent draws, queries are not, so the
 * variance comes from the delta method over units (Deng, Knoblich, Lu, "Applying the Delta Method in Metric
 * Analytics", KDD 2018, section 3): the estimator is linearised as {@code L_i = (y_i - R n_i) / mean(n)}, whose mean is
 * 0 and whose variance over k units, divided by k, is the ratio's variance,
 * {@code (s_y^2 - 2 R s_yn + R^2 s_n^2) / (k mean(n)^2)}. A metric per unit (queries per user) is the special case
 * {@code n_i = 1}. The linearised values are what CUPED adjusts and what the sequential test consumes.
 *
 * @param value      the ratio R (NaN without units or without a denominator)
 * @param linearised {@code L_i} per unit, in the order the units were given
 */
public record UnitRatio(double value, double[] linearised) {
    public static UnitRatio of(double[] y, double[] n) {
        if (y.length != n.length) {
            throw new IllegalArgumentException("numerators and denominators differ in length: " + y.length + " vs " + n.length);
        }
        double sy = 0;
        double sn = 0;
        for (int i = 0; i < y.length; i++) {
            sy += y[i];
            sn += n[i];
        }
        if (y.length == 0 || sn == 0) {
            return new UnitRatio(Double.NaN, new double[y.length]);
        }
        double r = sy / sn;
        double meanN = sn / y.length;
        double[] l = new double[y.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (y[i] - r * n[i]) / meanN;
        }
        return new UnitRatio(r, l);
    }

    public int units() {
        return linearised.length;
    }

    /** The delta-method variance of the ratio (NaN below two units). */
    public double variance() {
        return linearised.length < 2 ? Double.NaN : Statistics.variance(linearised) / linearised.length;
    }
}
