package io.stagegate.experiments.report;

import io.stagegate.stats.Cuped;
import io.stagegate.stats.SequentialTest;
import io.stagegate.stats.Statistics;
import io.stagegate.stats.UnitRatio;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The unit-level analysis of one experiment version: each metric is a ratio of per-unit sums, so its variance comes
 * from the units (delta method, {@link UnitRatio}), which are what the router randomised. Per metric and arm: the
 * fixed-horizon interval, a cluster bootstrap over units as a check, CUPED on the units' pre-period ratio, and the
 * always-valid sequential interval on the CUPED estimate, which is what a tester watching the report may act on.
 */
final class UnitAnalysis {
    /** A unit-level metric: its numerator and denominator per unit, and the pre-period ratio CUPED regresses on. */
    record Metric(String name, ToDoubleFunction<UnitSamples.Unit> numerator,
                  ToDoubleFunction<UnitSamples.Unit> denominator, ToDoubleFunction<UnitSamples.Unit> covariate) {
    }

    static final Metric CTR = new Metric("ctr", u -> u.clicked, u -> u.served,
            u -> u.priorQueries == 0 ? Double.NaN : u.priorClicked / u.priorQueries);
    static final Metric MRR = new Metric("mrr", u -> u.reciprocalRanks, u -> u.served,
            u -> u.priorQueries == 0 ? Double.NaN : u.priorReciprocalRanks / u.priorQueries);
    static final Metric ABANDONMENT = new Metric("abandonment", u -> u.served - u.clicked, u -> u.served,
            u -> u.priorQueries == 0 ? Double.NaN : 1 - u.priorClicked / u.priorQueries);
    static final Metric QUERIES_PER_UNIT = new Metric("queries_per_unit", u -> u.queries, u -> 1,
            u -> u.priorQueries == 0 ? Double.NaN : u.priorQueries);
    static final List<Metric> METRICS = List.of(CTR, MRR, ABANDONMENT, QUERIES_PER_UNIT);

    /** One arm's metric, ready to compare: the ratio with its linearised values and the covariate per unit. */
    record Side(UnitRatio ratio, double[] covariates) {
        static Side of(List<UnitSamples.Unit> units, Metric m) {
            return new Side(UnitRatio.of(UnitSamples.column(units, m.numerator()),
                    UnitSamples.column(units, m.denominator())), UnitSamples.column(units, m.covariate()));
        }
    }

    private final ReportOptions options;
    private final int iterations;
    private final long seed;

    /** @param iterations cluster-bootstrap resamples; 0 skips the bootstrap (simulations that only need the tests) */
    UnitAnalysis(ReportOptions options, int iterations, long seed) {
        this.options = options;
        this.iterations = iterations;
        this.seed = seed;
    }

    /** @param mismatch whether this version failed the sample-ratio check (then nothing is decided) */
    ExperimentReport.Units analyse(UnitSamples s, boolean mismatch) {
        List<String> arms = List.copyOf(s.byArm.keySet());
        List<ExperimentReport.UnitArm> unitArms = new ArrayList<>();
        long units = 0;
        for (String arm : arms) {
            List<UnitSamples.Unit> us = s.byArm.get(arm);
            units += us.size();
            long queries = Math.round(sum(us, u -> u.queries));
            unitArms.add(new ExperimentReport.UnitArm(arm, us.size(), queries, ratio(us, CTR), ratio(us, MRR),
                    ratio(us, ABANDONMENT), ratio(us, QUERIES_PER_UNIT)));
        }
        List<ExperimentReport.UnitMetric> metrics = new ArrayList<>();
        List<ExperimentReport.Guardrail> guardrails = new ArrayList<>();
        List<ExperimentReport.Decision> decisions = new ArrayList<>();
        ExperimentReport.Plan plan = null;
        if (!arms.isEmpty()) {
            String control = arms.get(0);
            List<UnitSamples.Unit> c = s.byArm.get(control);
            long salt = seed;
            for (String arm : arms.subList(1, arms.size())) {
                List<UnitSamples.Unit> t = s.byArm.get(arm);
                ExperimentReport.UnitMetric ctr = null;
                for (Metric m : METRICS) {
                    ExperimentReport.UnitMetric um = compare(m, arm, control, c, t, units, salt++);
                    metrics.add(um);
                    ctr = m == CTR ? um : ctr;
                }
                List<ExperimentReport.Guardrail> own = new Guardrails(options, iterations, salt++)
                        .of(arm, control, c, t, units);
                guardrails.addAll(own);
                decisions.add(decide(ctr, own, mismatch));
            }
            plan = plan(c, metrics, unitArms);
        }
        return new ExperimentReport.Units(s.version, units, s.unitsInSeveralArms, unitArms, metrics, guardrails,
                decisions, plan, options.alpha(), options.mde(), options.tuningUnits(),
                options.cupedWindow().toSeconds());
    }

    private ExperimentReport.UnitMetric compare(Metric m, String arm, String control, List<UnitSamples.Unit> c,
                                                List<UnitSamples.Unit> t, long units, long salt) {
        Side sc = Side.of(c, m);
        Side st = Side.of(t, m);
        double d = st.ratio().value() - sc.ratio().value();
        double v = st.ratio().variance() + sc.ratio().variance();
        double z = Statistics.normalQuantile(1 - options.alpha() / 2);
        double se = Math.sqrt(v);
        double p = se > 0 ? 2 * Statistics.normalCdf(-Math.abs(d / se)) : Double.NaN;
        double[] boot = bootstrap(m, c, t, salt);
        Cuped cuped = Cuped.fit(new double[][] {sc.ratio().linearised(), st.ratio().linearised()},
                new double[][] {sc.covariates(), st.covariates()});
        Double cd = null;
        Double cLow = null;
        Double cHigh = null;
        Double reduction = null;
        double seqEstimate = d;
        double seqVariance = v;
        if (cuped.unitsWithHistory() > 0 && v > 0) {
            double[] ac = cuped.adjust(sc.ratio().linearised(), sc.covariates());
            double[] at = cuped.adjust(st.ratio().linearised(), st.covariates());
            double va = Statistics.variance(at) / at.length + Statistics.variance(ac) / ac.length;
            double da = d + Statistics.mean(at) - Statistics.mean(ac);
            cd = da;
            cLow = da - z * Math.sqrt(va);
            cHigh = da + z * Math.sqrt(va);
            reduction = 1 - va / v;
            seqEstimate = da;
            seqVariance = va;
        }
        SequentialTest.Result seq = SequentialTest.test(seqEstimate, seqVariance, units, options.tuningUnits(),
                options.alpha());
        return new ExperimentReport.UnitMetric(m.name(), arm, control, st.ratio().value(), sc.ratio().value(), d,
                d - z * se, d + z * se, p, boot[0], boot[1], cd, cLow, cHigh, reduction, cuped.unitsWithHistory(),
                seq.low(), seq.high(), seq.pValue(), seq.tau());
    }

    /** Cluster bootstrap: units are resampled within each arm, all their queries with them. */
    private double[] bootstrap(Metric m, List<UnitSamples.Unit> c, List<UnitSamples.Unit> t, long salt) {
        if (c.size() < 2 || t.size() < 2 || iterations == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[][] cc = {UnitSamples.column(c, m.numerator()), UnitSamples.column(c, m.denominator())};
        double[][] tt = {UnitSamples.column(t, m.numerator()), UnitSamples.column(t, m.denominator())};
        int n = (int) Math.max(200, Math.min(iterations, ReportBuilder.WORK_BUDGET / (c.size() + t.size())));
        SplittableRandom random = new SplittableRandom(salt);
        double[] diffs = new double[n];
        for (int i = 0; i < n; i++) {
            diffs[i] = resampledRatio(tt, random) - resampledRatio(cc, random);
        }
        double a = options.alpha() / 2;
        return new double[] {Statistics.percentile(diffs, a), Statistics.percentile(diffs, 1 - a)};
    }

    static double resampledRatio(double[][] yn, SplittableRandom random) {
        double sy = 0;
        double sn = 0;
        int k = yn[0].length;
        for (int j = 0; j < k; j++) {
            int pick = random.nextInt(k);
            sy += yn[0][pick];
            sn += yn[1][pick];
        }
        return sn == 0 ? Double.NaN : sy / sn;
    }

    /**
     * The verdict on click-through, read from the always-valid interval so it holds at whatever look the tester
     * stops: a failed guardrail or a sample-ratio mismatch overrides it.
     */
    private ExperimentReport.Decision decide(ExperimentReport.UnitMetric ctr, List<ExperimentReport.Guardrail> own,
                                             boolean mismatch) {
        String interval = String.format(java.util.Locale.ROOT, "always-valid %.0f%% interval [%+.4f, %+.4f]",
                100 * (1 - options.alpha()), ctr.sequentialLow(), ctr.sequentialHigh());
        if (mismatch) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "do not decide",
                    "the units per arm do not match the allocation (sample-ratio mismatch): assignment or logging "
                            + "is broken, so no difference in this version can be trusted");
        }
        List<String> failed = own.stream().filter(g -> "failed".equals(g.status())).map(g -> g.metric()).toList();
        if (!failed.isEmpty()) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "guardrail failed",
                    "degrades " + String.join(", ", failed) + " beyond the tolerance; " + interval);
        }
        if (Double.isNaN(ctr.sequentialLow())) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "keep running", "too few units to estimate a variance");
        }
        if (ctr.sequentialLow() > 0) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "better", interval + " is above 0");
        }
        if (ctr.sequentialHigh() < 0) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "worse", interval + " is below 0");
        }
        if (ctr.sequentialLow() > -options.mde() && ctr.sequentialHigh() < options.mde()) {
            return new ExperimentReport.Decision(ctr.arm(), "ctr", "no difference larger than the MDE",
                    interval + " lies within ±" + options.mde());
        }
        return new ExperimentReport.Decision(ctr.arm(), "ctr", "keep running", interval + " includes 0 and ±"
                + options.mde());
    }

    /**
     * Units per arm for a two-sided fixed-horizon test to detect the MDE on click-through:
     * {@code 2 (z_{1-alpha/2} + z_power)^2 sigma^2 / mde^2}, sigma^2 the control's per-unit variance of the
     * linearised click-through; CUPED shrinks sigma^2 by the variance reduction observed so far.
     */
    private ExperimentReport.Plan plan(List<UnitSamples.Unit> control, List<ExperimentReport.UnitMetric> metrics,
                                       List<ExperimentReport.UnitArm> arms) {
        UnitRatio r = Side.of(control, CTR).ratio();
        if (r.units() < 2) {
            return null;
        }
        double sigma2 = Statistics.variance(r.linearised());
        double z = Statistics.normalQuantile(1 - options.alpha() / 2) + Statistics.normalQuantile(options.power());
        double perArm = 2 * z * z * sigma2 / (options.mde() * options.mde());
        Long withCuped = metrics.stream().filter(m -> m.metric().equals("ctr") && m.varianceReduction() != null)
                .map(m -> (long) Math.ceil(perArm * Math.max(0, 1 - m.varianceReduction()))).findFirst().orElse(null);
        long smallest = arms.stream().mapToLong(ExperimentReport.UnitArm::units).min().orElse(0);
        return new ExperimentReport.Plan("ctr", options.mde(), options.alpha(), options.power(), sigma2,
                (long) Math.ceil(perArm), withCuped, smallest);
    }

    private static double ratio(List<UnitSamples.Unit> us, Metric m) {
        double d = sum(us, m.denominator());
        return d == 0 ? Double.NaN : sum(us, m.numerator()) / d;
    }

    static double sum(List<UnitSamples.Unit> us, ToDoubleFunction<UnitSamples.Unit> f) {
        double s = 0;
        for (UnitSamples.Unit u : us) {
            s += f.applyAsDouble(u);
        }
        return s;
    }
}
