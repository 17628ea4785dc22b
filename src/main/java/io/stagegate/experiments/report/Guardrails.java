package io.stagegate.experiments.report;

import io.stagegate.stats.SequentialTest;
import io.stagegate.stats.Statistics;
import io.stagegate.stats.UnitRatio;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * What an arm must not make worse while it is tested, each against the control on the units: the error, timeout and
 * zero-result rates (ratios over the units, always-valid intervals, since guardrails are watched the whole time) and
 * latency p50/p95 (difference of pooled quantiles, cluster-bootstrap interval: a fixed-horizon check).
 */
final class Guardrails {
    private record Rate(String name, ToDoubleFunction<UnitSamples.Unit> numerator,
                        ToDoubleFunction<UnitSamples.Unit> denominator) {
    }

    private static final List<Rate> RATES = List.of(
            new Rate("error_rate", u -> u.errors, u -> u.queries),
            new Rate("timeout_rate", u -> u.timeouts, u -> u.queries),
            new Rate("zero_result_rate", u -> u.zeroResults, u -> u.served));

    /** Latencies resampled per interval at most (each resample sorts the pooled latencies). */
    static final long LATENCY_BUDGET = 5_000_000L;

    private final ReportOptions options;
    private final int iterations;
    private final long seed;

    Guardrails(ReportOptions options, int iterations, long seed) {
        this.options = options;
        this.iterations = iterations;
        this.seed = seed;
    }

    List<ExperimentReport.Guardrail> of(String arm, String control, List<UnitSamples.Unit> c,
                                        List<UnitSamples.Unit> t, long units) {
        List<ExperimentReport.Guardrail> out = new ArrayList<>();
        for (Rate r : RATES) {
            UnitRatio rc = UnitRatio.of(UnitSamples.column(c, r.numerator()), UnitSamples.column(c, r.denominator()));
            UnitRatio rt = UnitRatio.of(UnitSamples.column(t, r.numerator()), UnitSamples.column(t, r.denominator()));
            double d = rt.value() - rc.value();
            double v = rt.variance() + rc.variance();
            SequentialTest.Result seq = v > 0
                    ? SequentialTest.test(d, v, units, options.tuningUnits(), options.alpha())
                    : new SequentialTest.Result(d, d, d, Double.NaN, Double.NaN);
            out.add(guardrail(r.name(), arm, control, rt.value(), rc.value(), seq.low(), seq.high(),
                    options.rateTolerance()));
        }
        long salt = seed;
        double[] lc = latencies(c);
        double[] lt = latencies(t);
        for (double q : new double[] {0.5, 0.95}) {
            double vc = Statistics.percentile(lc, q);
            double vt = Statistics.percentile(lt, q);
            double[] ci = bootstrapQuantile(c, t, q, lc.length + lt.length, salt++);
            out.add(guardrail("latency_p" + Math.round(q * 100) + "_ms", arm, control, vt, vc, ci[0], ci[1],
                    options.latencyTolerance() * vc));
        }
        return out;
    }

    private static ExperimentReport.Guardrail guardrail(String metric, String arm, String control, double armValue,
                                                        double controlValue, double low, double high,
                                                        double tolerance) {
        double degradation = armValue - controlValue;
        String status = Double.isNaN(low) || Double.isNaN(high) ? "inconclusive"
                : low > 0 && degradation > tolerance ? "failed"
                : high < tolerance ? "ok" : "inconclusive";
        return new ExperimentReport.Guardrail(metric, arm, control, armValue, controlValue, degradation, low, high,
                tolerance, status);
    }

    private double[] bootstrapQuantile(List<UnitSamples.Unit> c, List<UnitSamples.Unit> t, double q, long latencies,
                                       long salt) {
        if (c.size() < 2 || t.size() < 2 || iterations == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int n = (int) Math.max(100, Math.min(iterations, LATENCY_BUDGET / Math.max(1, latencies)));
        SplittableRandom random = new SplittableRandom(salt);
        double[] diffs = new double[n];
        for (int i = 0; i < n; i++) {
            diffs[i] = Statistics.percentile(resample(t, random), q) - Statistics.percentile(resample(c, random), q);
        }
        double a = options.alpha() / 2;
        return new double[] {Statistics.percentile(diffs, a), Statistics.percentile(diffs, 1 - a)};
    }

    private static double[] resample(List<UnitSamples.Unit> units, SplittableRandom random) {
        List<UnitSamples.Unit> picked = new ArrayList<>(units.size());
        int total = 0;
        for (int j = 0; j < units.size(); j++) {
            UnitSamples.Unit u = units.get(random.nextInt(units.size()));
            picked.add(u);
            total += u.latencies.size();
        }
        double[] out = new double[total];
        int i = 0;
        for (UnitSamples.Unit u : picked) {
            for (double l : u.latencies) {
                out[i++] = l;
            }
        }
        return out;
    }

    private static double[] latencies(List<UnitSamples.Unit> units) {
        return units.stream().flatMap(u -> u.latencies.stream()).mapToDouble(Double::doubleValue).toArray();
    }
}
