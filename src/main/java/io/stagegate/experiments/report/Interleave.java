package io.stagegate.experiments.report;

import io.stagegate.stats.SequentialTest;

/**
 * The always-valid counterpart of interleaving's sign test. Team draft randomises each query, so queries are the
 * units; among decided queries (wins and losses) the preference for the first arm is a mean of Bernoulli draws, whose
 * variance is at most 1/4 per query. The mixture SPRT on {@code preference - 1/2} with that bound is valid at every
 * look, at any true preference (the bound is conservative away from 1/2).
 */
final class Interleave {
    private Interleave() {
    }

    static ExperimentReport.Interleaving sequential(ExperimentReport.Interleaving i, ReportOptions options) {
        long n = i.wins() + i.losses();
        if (n == 0) {
            return with(i, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "keep running");
        }
        double d = i.preferenceFirst() - 0.5;
        SequentialTest.Result r = SequentialTest.test(d, 0.25 / n, n, options.tuningUnits(), options.alpha());
        double low = Math.max(0, 0.5 + r.low());
        double high = Math.min(1, 0.5 + r.high());
        String decision = low > 0.5 ? i.first() + " preferred" : high < 0.5 ? i.second() + " preferred"
                : "keep running";
        return with(i, r.pValue(), low, high, r.tau(), decision);
    }

    private static ExperimentReport.Interleaving with(ExperimentReport.Interleaving i, double p, double low, double high,
                                                      double tau, String decision) {
        return new ExperimentReport.Interleaving(i.first(), i.second(), i.queries(), i.wins(), i.losses(), i.ties(),
                i.preferenceFirst(), i.pValue(), i.significant(), p, low, high, tau, decision);
    }
}
