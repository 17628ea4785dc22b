package io.stagegate.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a grid's report.md, report.json, heatmap.svg, recall.svg and pareto.svg into one directory. */
public final class GridReport {
    public static final List<String> FILES = List.of("report.md", "report.json", "heatmap.svg", "recall.svg", "pareto.svg");

    private GridReport() {
    }

    /** What the report is about besides the analysis: dataset, axes, options, costs, and how to serve the winner. */
    public record Context(String dataset, String split, int queries, GridSpec spec, GridRunner.Options options,
                          Double latencyBudgetMs, Map<String, Double> coldEmbedP50Ms, Map<String, Object> ingest,
                          double gridSeconds, List<String> configLines) {
    }

    public static void write(Path dir, Context ctx, GridAnalysis.Result result) throws IOException {
        Files.createDirectories(dir);
        // The measurements first: a chart that fails to render must not lose them.
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(),
                json(ctx, result));
        Files.writeString(dir.resolve("report.md"), markdown(ctx, result), StandardCharsets.UTF_8);
        String title = ctx.dataset() + " " + ctx.split() + " (" + ctx.queries() + " queries)";
        Files.writeString(dir.resolve("heatmap.svg"), GridCharts.heatmap(result.rows(), "nDCG@10 and MRR@10 per pair, "
                + title), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("recall.svg"), GridCharts.recall(result.recall(), ctx.options().targetRecall(),
                "First-stage Recall@K, " + title), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("pareto.svg"), GridCharts.pareto(result.rows(), "nDCG@10 vs p50 latency, " + title),
                StandardCharsets.UTF_8);
    }

    static Map<String, Object> json(Context ctx, GridAnalysis.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataset", ctx.dataset());
        out.put("split", ctx.split());
        out.put("queries", ctx.queries());
        Map<String, Object> axes = new LinkedHashMap<>();
        axes.put("embedders", ctx.spec().embedders());
        axes.put("retrievers", ctx.spec().retrievers());
        axes.put("secondStages", ctx.spec().secondStages());
        axes.put("ks", ctx.spec().ks());
        axes.put("topN", ctx.spec().topN());
        axes.put("lexical", ctx.spec().lexical());
        out.put("axes", axes);
        out.put("options", ctx.options());
        out.put("latencyBudgetMs", ctx.latencyBudgetMs());
        out.put("baseline", result.baseline().id());
        out.put("coldQueryEmbeddingP50Ms", ctx.coldEmbedP50Ms());
        out.put("ingest", ctx.ingest());
        out.put("gridSeconds", ctx.gridSeconds());
        out.put("pairs", result.rows());
        out.put("recallTargets", result.recall());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("pair", result.recommendation().pair().id());
        rec.put("changeFromBaseline", result.recommendation().changeFromBaseline());
        rec.put("reason", result.recommendation().reason());
        rec.put("configuration", ctx.configLines());
        out.put("recommendation", rec);
        return out;
    }

    /** The best ten pairs and the baseline, for the console. */
    public static String markdownSummary(GridAnalysis.Result result) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%-70s %8s %9s %8s %8s%n", "pair", "nDCG@10",
                "delta", "Holm p", "p50 ms"));
        result.rows().stream().sorted(Comparator.comparingDouble(GridAnalysis.Row::ndcg10).reversed()).limit(10)
                .forEach(r -> b.append(String.format(Locale.ROOT, "%-70s %8.4f %+9.4f %8.3g %8.1f%s%n", r.id(), r.ndcg10(),
                        r.delta(), r.pHolm(), r.p50Ms(), r.significant() ? " *" : "")));
        GridAnalysis.Row base = result.baseline();
        b.append(String.format(Locale.ROOT, "baseline %s: nDCG@10 %.4f, p50 %.1f ms%n", base.id(), base.ndcg10(),
                base.p50Ms()));
        b.append(result.recommendation().changeFromBaseline() ? "recommend " + result.recommendation().pair().id()
                : "keep the baseline").append(": ").append(result.recommendation().reason());
        return b.toString();
    }

    static String markdown(Context ctx, GridAnalysis.Result result) {
        StringBuilder md = new StringBuilder();
        GridAnalysis.Row base = result.baseline();
        md.append("# Grid: ").append(ctx.dataset()).append(' ').append(ctx.split()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d judged queries, %d pairs, %.0f s after indexing. Baseline `%s`: "
                        + "nDCG@10 %.4f, p50 %.1f ms. Significance: paired randomisation test on per-query nDCG@10 "
                        + "(%d sign flips, seed %d), Holm-corrected across the %d comparisons, alpha %.2f; CI: 95%% "
                        + "percentile bootstrap (%d resamples).%n%n", ctx.queries(), result.rows().size(),
                ctx.gridSeconds(), base.id(), base.ndcg10(), base.p50Ms(), ctx.options().permutations(),
                ctx.options().seed(), result.rows().size() - 1, GridAnalysis.ALPHA, ctx.options().bootstrap()));
        md.append("Latency: measured pipeline time per query (first stage, second stage, document loading) plus the cold"
                + " query-embedding time of every embedder the pair uses, each embedder timed once per query through its"
                + " batcher; cold query embedding p50: ");
        md.append(String.join(", ", ctx.coldEmbedP50Ms().entrySet().stream().map(e -> String.format(Locale.ROOT,
                "%s %.1f ms", e.getKey(), e.getValue())).toList())).append(".\n\n");
        md.append("## Recommendation\n\n").append(result.recommendation().changeFromBaseline()
                ? "Serve `" + result.recommendation().pair().id() + "`: " : "Keep the baseline: ")
                .append(result.recommendation().reason()).append(".\n\n```properties\n");
        ctx.configLines().forEach(l -> md.append(l).append('\n'));
        md.append("```\n\n## All pairs (best nDCG@10 first)\n\n");
        md.append("| embedder | retriever | second stage | K | nDCG@10 | Δ vs baseline (95% CI) | Holm p | MRR@10 | "
                + "R@10 | R@K (cand.) | p50 ms | p95 ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        result.rows().stream().sorted(Comparator.comparingDouble(GridAnalysis.Row::ndcg10).reversed()).forEach(r ->
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.4f%s | %s | %s | %.4f | %.4f | %.4f | %.1f | "
                                + "%.1f |%n", r.embedder(), r.retriever(), r.secondStage(), r.k(), r.ndcg10(),
                        r.baseline() ? " (B)" : r.significant() ? " *" : "", r.baseline() ? "—"
                                : String.format(Locale.ROOT, "%+.4f (%+.4f..%+.4f)", r.delta(), r.ciLow(), r.ciHigh()),
                        r.baseline() ? "—" : String.format(Locale.ROOT, "%.3g", r.pHolm()), r.mrr10(), r.recall10(),
                        r.candidateRecall(), r.p50Ms(), r.p95Ms())));
        md.append("\n`*`: significantly different from the baseline after Holm. Pareto front (no pair is both faster and"
                + " better): ");
        md.append(String.join(", ", result.rows().stream().filter(GridAnalysis.Row::pareto)
                .sorted(Comparator.comparingDouble(GridAnalysis.Row::p50Ms)).map(r -> "`" + r.id() + "`").toList()));
        md.append(".\n\n## First-stage recall\n\n| first stage | ");
        List<Integer> ks = ctx.spec().ks().stream().sorted().toList();
        ks.forEach(k -> md.append("R@").append(k).append(" | "));
        md.append(String.format(Locale.ROOT, "smallest K with recall >= %.2f |%n|---|", ctx.options().targetRecall()));
        ks.forEach(k -> md.append("---|"));
        md.append("---|\n");
        for (GridAnalysis.RecallTarget t : result.recall()) {
            md.append("| ").append(t.firstStage()).append(" | ");
            ks.forEach(k -> md.append(t.recallAtK().containsKey(k)
                    ? String.format(Locale.ROOT, "%.4f", t.recallAtK().get(k)) : "").append(" | "));
            md.append(t.smallestK() != null ? String.valueOf(t.smallestK()) : "not reached").append(" |\n");
        }
        md.append("\nCharts: `heatmap.svg`, `recall.svg`, `pareto.svg`.\n");
        return md.toString();
    }
}
