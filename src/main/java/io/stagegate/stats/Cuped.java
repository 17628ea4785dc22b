package io.stagegate.stats;

/**
 * CUPED (Deng, Xu, Kohavi, Walker, WSDM 2013): a unit's behaviour before the experiment, which the treatment cannot
 * have changed, explains part of its behaviour during it; subtracting {@code theta (x_i - mean(x))} from each unit's
 * value removes that part without biasing the difference, and cuts the variance by the squared correlation. Theta is
 * {@code cov(v, x) / var(x)} pooled over both arms (section 3.3: one theta for all arms keeps the estimator unbiased).
 * Units without pre-period history get the pooled mean of x, so they are left unadjusted (section 3.4).
 *
 * @param theta             the regression coefficient (0 when there is nothing to regress on)
 * @param meanCovariate     the pooled mean of x over units with history
 * @param unitsWithHistory  how many units had a pre-period value
 */
public record Cuped(double theta, double meanCovariate, long unitsWithHistory) {
    public static final Cuped NONE = new Cuped(0, 0, 0);

    /**
     * @param values     per-unit values of both arms (the linearised metric), one array per arm
     * @param covariates the same units' pre-period values, NaN where a unit has none
     */
    public static Cuped fit(double[][] values, double[][] covariates) {
        double sx = 0;
        double sv = 0;
        long k = 0;
        for (int a = 0; a < values.length; a++) {
            for (int i = 0; i < values[a].length; i++) {
                if (!Double.isNaN(covariates[a][i])) {
                    sx += covariates[a][i];
                    sv += values[a][i];
                    k++;
                }
            }
        }
        if (k < 3) {
            return NONE;
        }
        double mx = sx / k;
        double mv = sv / k;
        double sxx = 0;
        double sxv = 0;
        for (int a = 0; a < values.length; a++) {
            for (int i = 0; i < values[a].length; i++) {
                double x = covariates[a][i];
                if (!Double.isNaN(x)) {
                    sxx += (x - mx) * (x - mx);
                    sxv += (x - mx) * (values[a][i] - mv);
                }
            }
        }
        return sxx == 0 ? new Cuped(0, mx, k) : new Cuped(sxv / sxx, mx, k);
    }

    /** {@code v_i - theta (x_i - mean x)}, with a missing x taken as the mean. */
    public double[] adjust(double[] values, double[] covariates) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double x = Double.isNaN(covariates[i]) ? meanCovariate : covariates[i];
            out[i] = values[i] - theta * (x - meanCovariate);
        }
        return out;
    }
}
