package io.stagegate.stats;

/**
 * Always-valid inference for a difference whose estimate is approximately normal with a known (estimated) variance:
 * the mixture sequential probability ratio test with a normal mixing distribution N(0, tau^2) (Robbins 1970; Johari,
 * Koomen, Pekelis, Walsh, "Peeking at A/B Tests", KDD 2017, eq. 11). For an estimate {@code d} with variance {@code V}
 * the mixture likelihood ratio against "no difference" is
 * <pre>  Lambda = sqrt(V / (V + tau^2)) exp(tau^2 d^2 / (2 V (V + tau^2)))</pre>
 * and by Ville's inequality the probability that {@code Lambda} ever reaches {@code 1/alpha}, however often one looks,
 * is at most alpha under the null. So {@code p = min(1, 1/Lambda)} may be read after every unit and acted on, and the
 * set of differences not rejected, {@code d +- sqrt(V (V + tau^2) / tau^2 (2 ln(1/alpha) + ln((V + tau^2) / V)))},
 * is a confidence sequence: it covers the true difference at every look at once, with probability 1 - alpha.
 *
 * <p>The mixing variance is set on the unit scale as {@code tau^2 = rho^2 sigma^2}, where {@code sigma^2 = n V} is
 * the per-unit variance of the difference and rho is tuned so the interval is narrowest near {@code n*} units
 * (Howard, Ramdas, McAuliffe, Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist.
 * 2021, eq. 3.7; the same parameterisation GrowthBook publishes): {@code rho^2 = (2 ln(1/alpha) + ln(1 + 2 ln(1/alpha)))
 * / n*}. With sigma plugged in from the data this is the asymptotic confidence sequence of Waudby-Smith et al. (2023).
 */
public final class SequentialTest {
    /** Units at which the interval is tuned to be narrowest unless the caller says otherwise. */
    public static final long DEFAULT_TUNING_UNITS = 10_000;

    /** An always-valid p-value and interval for a difference, with the mixing variance used (published). */
    public record Result(double estimate, double low, double high, double pValue, double tau) {
    }

    private SequentialTest() {
    }

    /** rho^2 for the interval to be narrowest at {@code tuningUnits} units (Howard et al. 2021, eq. 3.7). */
    public static double rhoSquared(long tuningUnits, double alpha) {
        if (tuningUnits < 1) {
            throw new IllegalArgumentException("tuning units must be >= 1, was " + tuningUnits);
        }
        double l = 2 * Math.log(1 / alpha);
        return (l + Math.log(1 + l)) / tuningUnits;
    }

    /**
     * @param variance the estimate's variance V (sigma^2 / n); {@code units} n turns it into the per-unit variance
     */
    public static Result test(double estimate, double variance, long units, long tuningUnits, double alpha) {
        if (!(variance > 0) || units < 1) {
            return new Result(estimate, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double tau2 = rhoSquared(tuningUnits, alpha) * variance * units;
        return withTau(estimate, variance, Math.sqrt(tau2), alpha);
    }

    /** The test with an explicit mixing standard deviation tau (same units as the estimate). */
    public static Result withTau(double estimate, double variance, double tau, double alpha) {
        double tau2 = tau * tau;
        double logLambda = 0.5 * Math.log(variance / (variance + tau2))
                + tau2 * estimate * estimate / (2 * variance * (variance + tau2));
        double p = Math.min(1, Math.exp(-logLambda));
        double half = Math.sqrt(variance * (variance + tau2) / tau2
                * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
        return new Result(estimate, estimate - half, estimate + half, p, tau);
    }
}
