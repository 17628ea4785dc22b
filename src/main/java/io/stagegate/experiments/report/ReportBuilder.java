package io.stagegate.experiments.report;

import io.stagegate.stats.Statistics;

import io.stagegate.events.ShadowEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Computes an {@link ExperimentReport} from its input; the same code serves the live endpoint and the CLI. */
public final class ReportBuilder {
    static final double ALPHA = 0.05;
    public static final int DEFAULT_ITERATIONS = 2000;
    public static final long DEFAULT_SEED = 20100101L;
    /** Resampled values per interval at most: large arms get fewer iterations so a report stays seconds, not minutes. */
    static final long WORK_BUDGET = 50_000_000L;

    private final int iterations;
    private final long seed;

    /** @param iterations bootstrap resamples (2,000 gives intervals stable to about a tenth of their width) */
    public ReportBuilder(int iterations, long seed) {
        if (iterations < 100) {
            throw new IllegalArgumentException("bootstrap iterations must be >= 100, was " + iterations);
        }
        this.iterations = iterations;
        this.seed = seed;
    }

    /** The queries of a shadow report that disagree most, shown side by side. */
    static final int DISAGREEMENTS = 5;

    /**
     * @param armOrder the experiment's arms, control first (the live report passes its definition, {@code report
     *                 --arms} an explicit order); empty takes the order the query events recorded from the definition,
     *                 so live and offline reports agree on the control. Arms seen but not listed follow by name
     */
    public ExperimentReport build(ReportInput input, List<String> armOrder) {
        return build(input, armOrder, ReportOptions.DEFAULT);
    }

    /** The report with the tester's own error rate, MDE, tuning, CUPED window and guardrail tolerances. */
    public ExperimentReport build(ReportInput input, List<String> armOrder, ReportOptions options) {
        List<String> order = !armOrder.isEmpty() ? armOrder : input.definedArms();
        Map<String, List<ReportInput.Query>> byArm = new LinkedHashMap<>();
        order.forEach(a -> byArm.put(a, new ArrayList<>()));
        TreeSet<Integer> versions = new TreeSet<>();
        List<ReportInput.Query> interleaved = new ArrayList<>();
        long clicks = 0;
        long failed = 0;
        for (ReportInput.Query q : input.queries().values()) {
            versions.add(q.version());
            clicks += input.clicksOf(q.queryId()).size();
            if (!q.ok()) {
                failed++;
            } else if ("interleave".equals(q.arm())) {
                interleaved.add(q);
            } else {
                byArm.computeIfAbsent(q.arm(), k -> new ArrayList<>()).add(q);
            }
        }
        List<String> notes = new ArrayList<>();
        if (order.isEmpty() && byArm.size() > 1) {
            notes.add("the events do not record the experiment's arm order; the control is the first arm by name "
                    + "(give --arms to choose it)");
        }
        if (versions.size() > 1) {
            notes.add("the per-query figures pool versions " + versions + " (weights or arms changed during the "
                    + "experiment) and are context only; the unit-level analysis is of version " + versions.last());
        }
        if (failed > 0) {
            notes.add(failed + " queries failed after they were routed (errors, timeouts): they count in the "
                    + "guardrails, not in click-through");
        }
        byArm.values().removeIf(List::isEmpty);
        if (order.isEmpty()) {
            Map<String, List<ReportInput.Query>> byName = new java.util.TreeMap<>(byArm);
            byArm.clear();
            byArm.putAll(byName);
        }
        List<ExperimentReport.Arm> arms = new ArrayList<>();
        Map<String, double[][]> samples = new LinkedHashMap<>();
        byArm.forEach((arm, qs) -> {
            double[] clicked = new double[qs.size()];
            double[] rr = new double[qs.size()];
            double[] latency = new double[qs.size()];
            for (int i = 0; i < qs.size(); i++) {
                ReportInput.Query q = qs.get(i);
                int first = firstClickPosition(q, input.clicksOf(q.queryId()));
                clicked[i] = first > 0 ? 1 : 0;
                rr[i] = first > 0 ? 1.0 / first : 0;
                latency[i] = q.totalMs();
            }
            samples.put(arm, new double[][] {clicked, rr, latency});
            double ctr = Statistics.mean(clicked);
            arms.add(new ExperimentReport.Arm(arm, qs.size(), Math.round(ctr * qs.size()), ctr, Statistics.mean(rr), 1 - ctr,
                    Statistics.percentile(latency, 0.5), Statistics.percentile(latency, 0.95),
                    Statistics.percentile(latency, 0.99)));
        });
        List<ExperimentReport.Difference> differences = differences(samples);
        ExperimentReport.Interleaving interleaving = interleaved.isEmpty() ? null : interleaving(interleaved, input);
        boolean shadowOnly = order.size() == 1 || (order.isEmpty() && byArm.size() == 1 && !input.shadows().isEmpty());
        String mode = interleaving != null ? "interleave" : shadowOnly ? "shadow" : "ab";
        if (interleaving != null) {
            arms.clear();
            differences = List.of();
        }
        List<ExperimentReport.Srm> srm = SampleRatio.check(input.queries().values());
        boolean mismatch = srm.stream().anyMatch(ExperimentReport.Srm::mismatch);
        srm.stream().filter(ExperimentReport.Srm::mismatch).forEach(x -> notes.add(0, String.format(Locale.ROOT,
                "SAMPLE RATIO MISMATCH in version %d: units per arm %s against shares %s (chi-square %.1f, p = %.2g); "
                        + "assignment or logging is broken, do not trust this version's differences", x.version(),
                x.units(), x.expectedShares(), x.chiSquare(), x.pValue())));
        ExperimentReport.Units units = null;
        if (mode.equals("ab") && !versions.isEmpty()) {
            int latest = versions.last();
            List<String> unitOrder = new ArrayList<>(byArm.keySet());
            List<ReportInput.Query> ofLatest = input.queries().values().stream()
                    .filter(q -> q.version() == latest && !"interleave".equals(q.arm())).toList();
            long start = input.queries().values().stream().mapToLong(ReportInput.Query::timestampMs).filter(t -> t > 0)
                    .min().orElse(0);
            UnitSamples perUnit = UnitSamples.of(latest, unitOrder, ofLatest, input, start, options.cupedWindow());
            boolean latestMismatch = srm.stream().anyMatch(x -> x.version() == latest && x.mismatch());
            units = new UnitAnalysis(options, iterations, seed).analyse(perUnit, latestMismatch);
        }
        if (interleaving != null) {
            interleaving = Interleave.sequential(interleaving, options);
        }
        return new ExperimentReport(input.experiment(), mode, List.copyOf(versions), input.queries().size(), clicks, arms,
                differences, interleaving, shadows(input.shadows()), disagreements(input), notes, mismatch, srm, units);
    }

    /** 1-based rank of the first (best-ranked) click on a shown document; 0 without one. */
    static int firstClickPosition(ReportInput.Query q, List<ReportInput.Click> clicks) {
        return firstClickPosition(q.shown(), clicks);
    }

    static int firstClickPosition(List<String> shown, List<ReportInput.Click> clicks) {
        int best = 0;
        for (ReportInput.Click c : clicks) {
            int position = shown.indexOf(c.objectId()) + 1;
            if (position == 0) {
                continue;
            }
            if (best == 0 || position < best) {
                best = position;
            }
        }
        return best;
    }

    private List<ExperimentReport.Difference> differences(Map<String, double[][]> samples) {
        List<ExperimentReport.Difference> out = new ArrayList<>();
        if (samples.size() < 2) {
            return out;
        }
        String control = samples.keySet().iterator().next();
        double[][] c = samples.get(control);
        long s = seed;
        for (var e : samples.entrySet()) {
            if (e.getKey().equals(control)) {
                continue;
            }
            double[][] t = e.getValue();
            out.add(difference("ctr", e.getKey(), control, c[0], t[0], true, s++));
            out.add(difference("mrr", e.getKey(), control, c[1], t[1], true, s++));
            out.add(difference("latency_p50_ms", e.getKey(), control, c[2], t[2], false, s++));
        }
        return out;
    }

    private ExperimentReport.Difference difference(String metric, String arm, String control, double[] a, double[] b,
                                                   boolean meanMetric, long s) {
        int n = (int) Math.max(200, Math.min(iterations, WORK_BUDGET / Math.max(1, a.length + b.length)));
        Statistics.Interval ci = Statistics.bootstrapDifference(a, b, meanMetric ? Statistics::mean
                : x -> Statistics.percentile(x, 0.5), n, s);
        Double p = meanMetric ? Statistics.welchPValue(a, b) : null;
        boolean excludesZero = ci.low() > 0 || ci.high() < 0;
        boolean significant = excludesZero && (p == null || p < ALPHA);
        return new ExperimentReport.Difference(metric, arm, control, ci.estimate(), ci.low(), ci.high(),
                p == null || p.isNaN() ? null : p, significant);
    }

    private static ExperimentReport.Interleaving interleaving(List<ReportInput.Query> queries, ReportInput input) {
        String first = null;
        String second = null;
        long wins = 0;
        long losses = 0;
        long ties = 0;
        for (ReportInput.Query q : queries) {
            for (String arm : q.shownArms()) {
                if (first == null) {
                    first = arm;
                } else if (second == null && !arm.equals(first)) {
                    second = arm;
                }
            }
        }
        for (ReportInput.Query q : queries) {
            int forFirst = 0;
            int forSecond = 0;
            for (ReportInput.Click c : input.clicksOf(q.queryId())) {
                int i = q.shown().indexOf(c.objectId());
                if (i < 0 || q.shownArms().isEmpty()) {
                    continue;
                }
                if (q.shownArms().get(i).equals(first)) {
                    forFirst++;
                } else {
                    forSecond++;
                }
            }
            if (forFirst > forSecond) {
                wins++;
            } else if (forSecond > forFirst) {
                losses++;
            } else {
                ties++;
            }
        }
        double preference = wins + losses == 0 ? Double.NaN : (double) wins / (wins + losses);
        double p = Statistics.signTestPValue(wins, losses);
        return new ExperimentReport.Interleaving(first, second, queries.size(), wins, losses, ties, preference, p, p < ALPHA,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
    }

    /** The ok comparisons (noise floor aside) with the lowest RBO, ties by query id; one per query. */
    private static List<ExperimentReport.Disagreement> disagreements(ReportInput input) {
        List<ShadowEvent> ok = input.shadows().stream().filter(e -> "ok".equals(e.outcome()) && !e.noiseFloor())
                .sorted(java.util.Comparator.comparingDouble(ShadowEvent::rbo).thenComparing(ShadowEvent::queryId))
                .toList();
        List<ExperimentReport.Disagreement> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ShadowEvent e : ok) {
            if (out.size() == DISAGREEMENTS) {
                break;
            }
            if (seen.add(e.queryId())) {
                ReportInput.Query q = input.queries().get(e.queryId());
                out.add(new ExperimentReport.Disagreement(e.queryId(), q == null ? null : q.userQuery(), e.primaryPair(),
                        e.shadowPair(), e.rbo(), e.primaryTop10(), e.shadowTop10()));
            }
        }
        return out;
    }

    private static List<ExperimentReport.Shadow> shadows(List<ShadowEvent> events) {
        Map<String, List<ShadowEvent>> groups = new LinkedHashMap<>();
        for (ShadowEvent e : events) {
            groups.computeIfAbsent(e.shadowPair() + (e.noiseFloor() ? " (noise floor)" : ""), k -> new ArrayList<>()).add(e);
        }
        List<ExperimentReport.Shadow> out = new ArrayList<>();
        groups.forEach((key, list) -> {
            List<ShadowEvent> ok = list.stream().filter(e -> "ok".equals(e.outcome())).toList();
            double[] delta = ok.stream().mapToDouble(e -> e.shadowMs() - e.primaryMs()).toArray();
            double[] taus = ok.stream().filter(e -> e.kendallTau() != null).mapToDouble(ShadowEvent::kendallTau).toArray();
            out.add(new ExperimentReport.Shadow(list.get(0).shadowPair(), list.get(0).noiseFloor(), list.size(),
                    list.stream().filter(e -> "failed".equals(e.outcome())).count(),
                    list.stream().filter(e -> "timeout".equals(e.outcome())).count(),
                    list.stream().filter(e -> "shed".equals(e.outcome())).count(),
                    Statistics.mean(ok.stream().mapToDouble(ShadowEvent::overlapAt10).toArray()),
                    Statistics.mean(ok.stream().mapToDouble(ShadowEvent::rbo).toArray()),
                    taus.length == 0 ? null : Statistics.mean(taus),
                    Statistics.mean(ok.stream().mapToDouble(e -> e.top1Agreement() ? 1 : 0).toArray()),
                    Statistics.mean(delta), Statistics.percentile(delta, 0.5)));
        });
        return out;
    }
}
