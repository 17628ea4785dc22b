package io.stagegate.eval;

import io.stagegate.stats.PairedTests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a grid's per-query measurements into what the report says: means and latency percentiles per cell, the paired
 * randomisation test of every cell against the baseline on per-query nDCG@10 with Holm's correction across the
 * grid, the quality/latency Pareto front, the smallest K at which each first stage reaches a target recall, and the
 * recommendation under a latency budget. Plain Java; seeded.
 */
public final class GridAnalysis {
    public static final double ALPHA = 0.05;

    private GridAnalysis() {
    }

    /** One cell's aggregate; {@code delta}, {@code ci*}, {@code p*} compare per-query nDCG@10 with the baseline's. */
    public record Row(String id, String embedder, String retriever, String secondStage, int k, double ndcg10,
                      double mrr10, double recall10, double candidateRecall, double p50Ms, double p95Ms, double delta,
                      double ciLow, double ciHigh, double p, double pHolm, boolean significant, boolean pareto,
                      boolean baseline) {
    }

    /** The smallest K at which a first stage's candidates hold the target share of relevant documents (null: none). */
    public record RecallTarget(String firstStage, Map<Integer, Double> recallAtK, Integer smallestK) {
    }

    public record Recommendation(Row pair, boolean changeFromBaseline, String reason) {
    }

    public record Result(List<Row> rows, Row baseline, List<RecallTarget> recall, Recommendation recommendation) {
    }

    public static Result analyse(List<GridRunner.CellRun> runs, String baselineId, GridRunner.Options options,
                                 Optional<Double> latencyBudgetMs) {
        GridRunner.CellRun base = runs.stream().filter(r -> r.cell().pair().id().equals(baselineId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("baseline " + baselineId + " is not among the cells"));
        List<GridRunner.CellRun> others = runs.stream().filter(r -> r != base).toList();
        double[] p = new double[others.size()];
        double[][] ci = new double[others.size()][];
        for (int i = 0; i < others.size(); i++) {
            double[] d = diff(others.get(i).ndcg10(), base.ndcg10());
            p[i] = PairedTests.randomisation(d, options.permutations(), options.seed());
            ci[i] = PairedTests.bootstrapInterval(d, options.bootstrap(), 0.95, options.seed());
        }
        double[] holm = PairedTests.holm(p);
        List<Row> rows = new ArrayList<>();
        Row baseRow = row(base, base, 1, 1, new double[] {0, 0}, false);
        rows.add(baseRow);
        for (int i = 0; i < others.size(); i++) {
            rows.add(row(others.get(i), base, p[i], holm[i], ci[i], false));
        }
        rows = markPareto(rows);
        Row baseline = rows.stream().filter(Row::baseline).findFirst().orElseThrow();
        return new Result(rows, baseline, recallTargets(runs, options.targetRecall()),
                recommend(rows, baseline, latencyBudgetMs));
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static Row row(GridRunner.CellRun run, GridRunner.CellRun base, double p, double pHolm, double[] ci,
                           boolean pareto) {
        var c = run.cell();
        double ndcg = PairedTests.mean(run.ndcg10());
        double delta = ndcg - PairedTests.mean(base.ndcg10());
        boolean isBase = run == base;
        return new Row(c.pair().id(), c.pair().embedsQueries() ? c.embedder() : "-", c.retriever(), c.secondStage(), c.k(),
                ndcg, PairedTests.mean(run.mrr10()), PairedTests.mean(run.recall10()),
                PairedTests.mean(run.candidateRecall()), percentile(run.latencyMs(), 50), percentile(run.latencyMs(), 95),
                delta, ci[0], ci[1], p, pHolm, !isBase && pHolm < ALPHA, pareto, isBase);
    }

    /** Nearest-rank percentile, as Evaluator reports latencies. */
    static double percentile(double[] values, double pct) {
        if (values.length == 0) {
            return 0;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int i = (int) Math.ceil(pct / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, i))];
    }

    /** A row is on the front when no other row is at least as fast and strictly better, or faster and as good. */
    static List<Row> markPareto(List<Row> rows) {
        List<Row> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            boolean dominated = rows.stream().anyMatch(o -> o != r && o.p50Ms() <= r.p50Ms() && o.ndcg10() >= r.ndcg10()
                    && (o.p50Ms() < r.p50Ms() || o.ndcg10() > r.ndcg10()));
            out.add(new Row(r.id(), r.embedder(), r.retriever(), r.secondStage(), r.k(), r.ndcg10(), r.mrr10(), r.recall10(),
                    r.candidateRecall(), r.p50Ms(), r.p95Ms(), r.delta(), r.ciLow(), r.ciHigh(), r.p(), r.pHolm(),
                    r.significant(), !dominated, r.baseline()));
        }
        return out;
    }

    static List<RecallTarget> recallTargets(List<GridRunner.CellRun> runs, double target) {
        Map<String, Map<Integer, Double>> byStage = new LinkedHashMap<>();
        for (GridRunner.CellRun run : runs) {
            var c = run.cell();
            String stage = (c.pair().retriever() == io.stagegate.Retriever.BM25 ? "-" : c.embedder()) + " · "
                    + c.retriever();
            // First-stage recall does not depend on the second stage: keep the first cell measured per K.
            byStage.computeIfAbsent(stage, s -> new java.util.TreeMap<>())
                    .putIfAbsent(c.k(), PairedTests.mean(run.candidateRecall()));
        }
        List<RecallTarget> out = new ArrayList<>();
        byStage.forEach((stage, curve) -> out.add(new RecallTarget(stage, curve, curve.entrySet().stream()
                .filter(e -> e.getValue() >= target).map(Map.Entry::getKey).min(Integer::compare).orElse(null))));
        return out;
    }

    /**
     * The best nDCG@10 among rows whose p50 fits the budget, provided it beats the baseline significantly (Holm);
     * otherwise the baseline stays.
     */
    static Recommendation recommend(List<Row> rows, Row baseline, Optional<Double> budgetMs) {
        List<Row> fits = rows.stream().filter(r -> budgetMs.isEmpty() || r.p50Ms() <= budgetMs.get()).toList();
        Optional<Row> best = fits.stream().filter(Row::significant).filter(r -> r.delta() > 0)
                .max(Comparator.comparingDouble(Row::ndcg10));
        String budget = budgetMs.map(b -> "p50 <= " + b + " ms").orElse("no latency budget");
        if (best.isEmpty()) {
            return new Recommendation(baseline, false, "no pair within " + budget
                    + " beats the baseline significantly (paired randomisation test, Holm-corrected, alpha " + ALPHA + ")");
        }
        Row b = best.get();
        return new Recommendation(b, true, String.format(java.util.Locale.ROOT,
                "best nDCG@10 within %s among pairs significantly better than the baseline: %+.4f (95%% CI %+.4f..%+.4f, "
                        + "Holm p %.4g), p50 %.1f ms vs %.1f ms", budget, b.delta(), b.ciLow(), b.ciHigh(), b.pHolm(),
                b.p50Ms(), baseline.p50Ms()));
    }
}
