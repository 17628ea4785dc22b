package io.stagegate.cli;

import io.stagegate.CheckpointPair;
import io.stagegate.batch.BatchListener;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.PairFactory;
import io.stagegate.config.StagegateConfig;
import io.stagegate.eval.BeirDataset;
import io.stagegate.eval.EvalStore;
import io.stagegate.eval.GridAnalysis;
import io.stagegate.eval.GridReport;
import io.stagegate.eval.GridRunner;
import io.stagegate.eval.GridSpec;
import io.stagegate.catalog.Gateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code stagegate eval --grid}: parses the axes, opens the evaluation store with every cell's pair, runs, reports. */
final class GridCommand {
    private GridCommand() {
    }

    static int run(StagegateConfig config, GridOptions o, Path dataset, String split, Path root) throws Exception {
        CheckpointPair defaultPair = GatewayProducer.pairs(config).get(config.defaultPair());
        List<String> embedders = o.embedders != null ? o.embedders
                : defaultPair != null ? List.of(defaultPair.embedder()) : List.of();
        String baseEmbedder = o.baselineEmbedder != null ? o.baselineEmbedder
                : embedders.isEmpty() ? null
                : defaultPair != null && embedders.contains(defaultPair.embedder()) ? defaultPair.embedder() : embedders.get(0);
        int baseK = o.baselineK != null ? o.baselineK
                : defaultPair != null && o.ks != null && o.ks.contains(defaultPair.candidates()) ? defaultPair.candidates()
                : o.ks == null || o.ks.isEmpty() ? 0 : o.ks.contains(100) ? 100 : o.ks.get(o.ks.size() - 1);
        GridSpec spec = new GridSpec(embedders, o.retrievers, o.secondStages, o.ks, o.topN, o.lexical,
                baseEmbedder == null ? null : new GridSpec.Baseline(baseEmbedder, baseK));
        GridRunner.Options options = new GridRunner.Options(o.permutations, o.bootstrap, o.seed, o.targetRecall,
                o.maxQueries);
        List<GridSpec.Cell> cells = new ArrayList<>(spec.cells());
        if (cells.stream().noneMatch(c -> c.pair().id().equals(spec.baselineId()))) {
            cells.add(0, new GridSpec(List.of(baseEmbedder), List.of("dense"), List.of("none"), List.of(baseK), o.topN,
                    o.lexical, spec.baseline()).cells().get(0));
        }
        GridRunner.checkCheckpoints(spec, cells, GatewayProducer.catalog(config));
        BeirDataset data = BeirDataset.load(dataset, split);
        Map<String, CheckpointPair> pairs = new LinkedHashMap<>(GridRunner.probes(spec));
        cells.forEach(c -> pairs.put(c.pair().id(), c.pair()));
        List<String> queries = GridRunner.queries(data, o.maxQueries, o.seed);
        int cacheEntries = queries.size() * spec.embedders().size() + 1024;
        Path out = o.out != null ? o.out : root.resolve("eval").resolve("grids").resolve(data.name() + "-" + split);
        try (Gateway gateway = GatewayProducer.build(config, EvalStore.dir(root, dataset, data.name()), pairs,
                spec.baselineId(), id -> BatchListener.NONE, spec.lexicalFields(cells), cacheEntries)) {
            Map<String, Object> ingest = EvalStore.fill(gateway, data.corpus(), ProgressBar::onStderr);
            long start = System.nanoTime();
            ProgressBar probeBar = ProgressBar.onStderr("query embeddings", (long) queries.size() * spec.embedders().size());
            Map<String, double[]> cold = GridRunner.probe(gateway, spec, data, queries, probeBar::advancedTo);
            ProgressBar cellBar = ProgressBar.onStderr("pairs", cells.size());
            List<GridRunner.CellRun> runs = new ArrayList<>();
            for (GridSpec.Cell cell : cells) {
                runs.add(GridRunner.runCell(gateway, cell, data, queries, cold, o.filter()));
                cellBar.advanced(1);
            }
            GridAnalysis.Result result = GridAnalysis.analyse(runs, spec.baselineId(), options,
                    Optional.ofNullable(o.latencyBudgetMs));
            Map<String, Double> coldP50 = new LinkedHashMap<>();
            cold.forEach((e, ms) -> coldP50.put(e, percentile50(ms)));
            CheckpointPair chosen = gateway.pair(result.recommendation().pair().id());
            List<String> lines = new ArrayList<>();
            chosen.lexical().ifPresent(l -> lines.add("stagegate.index.lexical=" + l));
            lines.add("stagegate.default-pair=recommended");
            lines.addAll(PairFactory.lines(new CheckpointPair("recommended", chosen.embedder(), chosen.retriever(),
                    chosen.lexical(), chosen.fusion(), chosen.secondStage(), chosen.candidates(), chosen.topN())));
            GridReport.write(out, new GridReport.Context(data.name(), split, queries.size(), spec, options, o.latencyBudgetMs,
                    coldP50, ingest, (System.nanoTime() - start) / 1e9, lines), result);
            System.out.println(GridReport.markdownSummary(result));
            System.out.println("configuration that serves the recommendation:");
            lines.forEach(l -> System.out.println("  " + l));
            System.out.println("report: " + out.resolve("report.md") + " (+ report.json, heatmap.svg, recall.svg, pareto.svg)");
        }
        return 0;
    }

    private static double percentile50(double[] ms) {
        double[] v = ms.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? 0 : v[Math.max(0, (int) Math.ceil(0.5 * v.length) - 1)];
    }
}
