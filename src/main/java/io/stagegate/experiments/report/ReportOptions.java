package io.stagegate.experiments.report;

import java.time.Duration;

/**
 * What the tester decides before looking: the error rate, the smallest difference worth detecting, where the
 * always-valid interval is tuned, how far back CUPED looks for a unit's history, and how much degradation each
 * guardrail tolerates.
 *
 * @param alpha            two-sided error rate of every test and interval (0.05: 95% intervals)
 * @param mde              minimum detectable effect on click-through, absolute (0.02: two points); the decision
 *                         "no difference larger than the MDE" and the plan use it
 * @param power            the plan's power at the MDE
 * @param tuningUnits      units (both arms) at which the always-valid interval is narrowest (Howard et al. 2021)
 * @param cupedWindow      how long before the experiment's first query a unit's history counts as pre-period
 * @param latencyTolerance tolerated latency degradation, relative to the control (0.10: 10% slower)
 * @param rateTolerance    tolerated rise of the error, timeout and zero-result rates, absolute (0.01: one point)
 */
public record ReportOptions(double alpha, double mde, double power, long tuningUnits, Duration cupedWindow,
                            double latencyTolerance, double rateTolerance) {
    public static final ReportOptions DEFAULT = new ReportOptions(0.05, 0.02, 0.8, 10_000, Duration.ofDays(14), 0.10,
            0.01);

    public ReportOptions {
        check("alpha", alpha, 0, 0.5);
        check("mde", mde, 0, 1);
        check("power", power, 0, 1);
        check("latency tolerance", latencyTolerance, 0, 10);
        check("rate tolerance", rateTolerance, 0, 1);
        if (tuningUnits < 10) {
            throw new IllegalArgumentException("tuning units must be >= 10, was " + tuningUnits);
        }
        if (cupedWindow == null || cupedWindow.isNegative()) {
            throw new IllegalArgumentException("CUPED window must be zero or positive, was " + cupedWindow);
        }
    }

    private static void check(String name, double value, double low, double high) {
        if (!(value > low && value < high)) {
            throw new IllegalArgumentException(name + " must be in (" + low + ", " + high + "), was " + value);
        }
    }

    public ReportOptions withAlpha(double value) {
        return new ReportOptions(value, mde, power, tuningUnits, cupedWindow, latencyTolerance, rateTolerance);
    }

    public ReportOptions withMde(double value) {
        return new ReportOptions(alpha, value, power, tuningUnits, cupedWindow, latencyTolerance, rateTolerance);
    }
}
