package io.stagegate.experiments.report;

import io.stagegate.stats.Statistics;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic experiments with a known truth, run through the report's own code, to check that its statistics do what
 * they claim: an A/A test watched after every batch of units rejects at most alpha of the time; the unit-level
 * interval covers the true difference about 1 - alpha of the time while the per-query one does not; the sample-ratio
 * check flags a 48.5/51.5 split and almost never a fair one; CUPED cuts the variance when history predicts behaviour.
 *
 * <p>Users recur and differ: each has a click propensity drawn from Beta(1.2, 2.8) (mean 0.3), sends 1 + Poisson(3)
 * queries during the experiment, and with probability {@code historyShare} 1 + Poisson(5) queries in the two weeks
 * before it at the same propensity. A treatment multiplies the propensity by {@code 1 + lift}, so the true
 * click-through difference is {@code lift * 0.3}.
 */
public final class ReportSimulation {
    /** One scenario's users and truth. */
    public record Scenario(int users, double[] trueShares, double[] expectedShares, double lift, double historyShare) {
    }

    static final double MEAN_PROPENSITY = 0.3;
    private static final long START_MS = 1_800_000_000_000L;
    private static final long DAY_MS = 86_400_000L;
    private static final List<String> SHOWN = List.of("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10");

    private final ReportOptions options;

    public ReportSimulation(ReportOptions options) {
        this.options = options;
    }

    /** One simulated user's events, generated up front so an experiment can be cut at any number of users. */
    record User(String id, int arm, List<ReportInput.Query> queries, List<ReportInput.Prior> priors,
                List<ReportInput.Click> clicks) {
    }

    static List<User> users(Scenario s, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> arms = List.of("control", "treatment");
        List<Double> shares = java.util.Arrays.stream(s.expectedShares()).boxed().toList();
        List<User> out = new ArrayList<>(s.users());
        int q = 0;
        for (int u = 0; u < s.users(); u++) {
            String id = "u" + u;
            int arm = random.nextDouble() < s.trueShares()[0] ? 0 : 1;
            double p = beta(random, 1.2, 2.8);
            double during = arm == 1 ? Math.min(1, p * (1 + s.lift())) : p;
            List<ReportInput.Query> queries = new ArrayList<>();
            List<ReportInput.Prior> priors = new ArrayList<>();
            List<ReportInput.Click> clicks = new ArrayList<>();
            if (random.nextDouble() < s.historyShare()) {
                int n = 1 + poisson(random, 5);
                for (int i = 0; i < n; i++) {
                    String qid = "p" + q++;
                    priors.add(new ReportInput.Prior(qid, id, null, START_MS - 1 - random.nextLong(13 * DAY_MS), SHOWN));
                    click(random, p, qid, clicks);
                }
            }
            int n = 1 + poisson(random, 3);
            for (int i = 0; i < n; i++) {
                String qid = "q" + q++;
                double ms = 20 * Math.exp(0.3 * random.nextGaussian());
                queries.add(new ReportInput.Query(qid, 1, arms.get(arm), SHOWN, List.of(), ms, null, arms, shares,
                        "client:" + id, START_MS + u * 1000L + i, ReportInput.Query.OK));
                click(random, during, qid, clicks);
            }
            out.add(new User(id, arm, queries, priors, clicks));
        }
        return out;
    }

    private static void click(SplittableRandom random, double p, String qid, List<ReportInput.Click> clicks) {
        if (random.nextDouble() < p) {
            int rank = 1;
            while (rank < SHOWN.size() && random.nextDouble() < 0.4) {
                rank++;
            }
            clicks.add(new ReportInput.Click(qid, SHOWN.get(rank - 1)));
        }
    }

    static ReportInput input(List<User> users, int upTo) {
        ReportInput in = new ReportInput("sim");
        for (User u : users.subList(0, upTo)) {
            u.queries().forEach(in::query);
            u.priors().forEach(in::prior);
            u.clicks().forEach(in::click);
        }
        return in;
    }

    /** The click-through comparison of the first {@code upTo} users, by the report's unit-level code (no bootstrap). */
    ExperimentReport.UnitMetric ctr(List<User> users, int upTo) {
        return units(users, upTo).metrics().stream().filter(m -> m.metric().equals("ctr")).findFirst().orElseThrow();
    }

    ExperimentReport.Units units(List<User> users, int upTo) {
        ReportInput in = input(users, upTo);
        UnitSamples s = UnitSamples.of(1, List.of("control", "treatment"), List.copyOf(in.queries().values()), in,
                START_MS, options.cupedWindow());
        return new UnitAnalysis(options, 0, 1).analyse(s, false);
    }

    /** A/A watched every {@code every} users: how often each procedure ever rejects (or, fixed, rejects at the end). */
    public record Peeking(int seeds, int users, int every, double alwaysValid, double fixedPeeking, double fixedOnce) {
    }

    public Peeking peeking(int seeds, int users, int every) {
        Scenario aa = new Scenario(users, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, 0, 0.7);
        int valid = 0;
        int peeking = 0;
        int once = 0;
        for (int seed = 0; seed < seeds; seed++) {
            List<User> us = users(aa, 1000 + seed);
            boolean v = false;
            boolean f = false;
            ExperimentReport.UnitMetric last = null;
            for (int n = every; n <= users; n += every) {
                last = ctr(us, n);
                v |= last.sequentialLow() > 0 || last.sequentialHigh() < 0;
                f |= last.pValue() < options.alpha();
            }
            valid += v ? 1 : 0;
            peeking += f ? 1 : 0;
            once += last != null && last.pValue() < options.alpha() ? 1 : 0;
        }
        return new Peeking(seeds, users, every, (double) valid / seeds, (double) peeking / seeds, (double) once / seeds);
    }

    /**
     * Coverage of the true difference by the unit-level (delta method, fixed horizon) interval and by the per-query
     * interval that treats every query as independent, and the mean CUPED variance reduction.
     */
    public record Coverage(int seeds, int users, double trueDifference, double unitLevel, double perQuery,
                           double cupedUnitLevel, double meanVarianceReduction, double meanUnitsPerArm,
                           double meanUnitsPerArmWithCuped, double meanCupedWidthRatio) {
    }

    public Coverage coverage(int seeds, int users, double lift) {
        Scenario ab = new Scenario(users, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, lift, 0.7);
        double truth = lift * MEAN_PROPENSITY;
        double z = Statistics.normalQuantile(1 - options.alpha() / 2);
        int unit = 0;
        int query = 0;
        int cuped = 0;
        double reduction = 0;
        double planned = 0;
        double plannedCuped = 0;
        double widthRatio = 0;
        for (int seed = 0; seed < seeds; seed++) {
            List<User> us = users(ab, 5000 + seed);
            ExperimentReport.Units units = units(us, users);
            ExperimentReport.UnitMetric m = units.metrics().stream().filter(x -> x.metric().equals("ctr")).findFirst()
                    .orElseThrow();
            planned += units.plan().unitsPerArm();
            plannedCuped += units.plan().unitsPerArmWithCuped() == null ? units.plan().unitsPerArm()
                    : units.plan().unitsPerArmWithCuped();
            widthRatio += m.cupedCiLow() == null ? 1
                    : (m.cupedCiHigh() - m.cupedCiLow()) / (m.ciHigh() - m.ciLow());
            unit += m.ciLow() <= truth && truth <= m.ciHigh() ? 1 : 0;
            cuped += m.cupedCiLow() != null && m.cupedCiLow() <= truth && truth <= m.cupedCiHigh() ? 1 : 0;
            reduction += m.varianceReduction() == null ? 0 : m.varianceReduction();
            double[] perQuery = perQueryInterval(us, z);
            query += perQuery[0] <= truth && truth <= perQuery[1] ? 1 : 0;
        }
        return new Coverage(seeds, users, truth, (double) unit / seeds, (double) query / seeds, (double) cuped / seeds,
                reduction / seeds, planned / seeds, plannedCuped / seeds, widthRatio / seeds);
    }

    /** The interval a per-query analysis draws: each query an independent Bernoulli draw. */
    private static double[] perQueryInterval(List<User> users, double z) {
        double[] clicked = new double[2];
        double[] queries = new double[2];
        for (User u : users) {
            java.util.Set<String> withClick = new java.util.HashSet<>();
            u.clicks().forEach(c -> withClick.add(c.queryId()));
            for (ReportInput.Query q : u.queries()) {
                queries[u.arm()]++;
                clicked[u.arm()] += withClick.contains(q.queryId()) ? 1 : 0;
            }
        }
        double pc = clicked[0] / queries[0];
        double pt = clicked[1] / queries[1];
        double se = Math.sqrt(pc * (1 - pc) / queries[0] + pt * (1 - pt) / queries[1]);
        return new double[] {pt - pc - z * se, pt - pc + z * se};
    }

    /** How often the sample-ratio check flags a split, over seeds. */
    public record SrmRate(int seeds, int users, double trueControlShare, double flagged) {
    }

    public SrmRate srm(int seeds, int users, double trueControlShare) {
        Scenario s = new Scenario(users, new double[] {trueControlShare, 1 - trueControlShare},
                new double[] {0.5, 0.5}, 0, 0);
        int flagged = 0;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom random = new SplittableRandom(9000 + seed);
            List<ReportInput.Query> qs = new ArrayList<>(users);
            for (int u = 0; u < users; u++) {
                String arm = random.nextDouble() < s.trueShares()[0] ? "control" : "treatment";
                qs.add(new ReportInput.Query("q" + u, 1, arm, SHOWN, List.of(), 1, null, List.of("control", "treatment"),
                        List.of(0.5, 0.5), "client:u" + u, START_MS, ReportInput.Query.OK));
            }
            flagged += SampleRatio.check(qs).get(0).mismatch() ? 1 : 0;
        }
        return new SrmRate(seeds, users, trueControlShare, (double) flagged / seeds);
    }

    /** Wilson score interval of a proportion (the simulations' own uncertainty). */
    public static double[] wilson(double share, int n, double alpha) {
        double z = Statistics.normalQuantile(1 - alpha / 2);
        double centre = (share + z * z / (2 * n)) / (1 + z * z / n);
        double half = z / (1 + z * z / n) * Math.sqrt(share * (1 - share) / n + z * z / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static int poisson(SplittableRandom random, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = random.nextDouble();
        while (p > l) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    /** Beta(a, b) as X / (X + Y) with X, Y gamma (Marsaglia-Tsang, boosted for shape below 1). */
    static double beta(SplittableRandom random, double a, double b) {
        double x = gamma(random, a);
        return x / (x + gamma(random, b));
    }

    private static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
