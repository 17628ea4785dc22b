package io.stagegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagegate.CheckpointPair;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.StagegateConfig;
import io.stagegate.eval.BeirDataset;
import io.stagegate.eval.Evaluator;
import io.stagegate.catalog.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * stagegate eval: indexes a BEIR corpus into its own store under the data directory (once; later runs reuse it and
 * only embed what a new embedder lacks), runs the split's queries through the serving pipeline and reports
 * Recall@K, MRR@10 and nDCG@10 with per-stage latency.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a pair on a BEIR dataset, or with --grid every combination of components.")
final class EvalCommand implements Callable<Integer> {
    private final StagegateConfig config;

    @Option(names = "--dataset", required = true, description = "BEIR dataset directory")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "qrels split (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--pair", description = "A configured pair id (default: stagegate.default-pair)")
    String pairId;

    @Option(names = "--embedder", description = "Evaluate an ad-hoc pair with this embedder checkpoint instead of --pair")
    String embedder;

    @Option(names = "--reranker", description = "Reranker checkpoint of the ad-hoc pair")
    String reranker;

    @Option(names = "--candidates", description = "Candidate budget K (default: the pair's)")
    Integer candidates;

    @Option(names = "--report", description = "Where to write the JSON report (default: <data-dir>/eval/reports/...)")
    Path report;

    @Option(names = "--data-dir", description = "Data directory (default: stagegate.data-dir)")
    Path dataDir;

    @picocli.CommandLine.Mixin
    GridOptions grid = new GridOptions();

    EvalCommand(StagegateConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() throws Exception {
        if (grid.grid) {
            return GridCommand.run(config, grid, dataset, split, dataDir != null ? dataDir : Path.of(config.dataDir()));
        }
        BeirDataset data = BeirDataset.load(dataset, split);
        CheckpointPair pair = pair();
        Path root = dataDir != null ? dataDir : Path.of(config.dataDir());
        Path store = io.stagegate.eval.EvalStore.dir(root, dataset, data.name());
        try (Gateway gateway = GatewayProducer.build(config, store, Map.of(pair.id(), pair), pair.id(),
                id -> io.stagegate.batch.BatchListener.NONE)) {
            Map<String, Object> ingest = io.stagegate.eval.EvalStore.fill(gateway, data.corpus(), ProgressBar::onStderr);
            ProgressBar bar = ProgressBar.onStderr("queries", data.qrels().size());
            Evaluator.Result result = Evaluator.run(gateway.pipeline(pair.id()), data, pair.candidates(), bar::advancedTo,
                    grid.filter());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", dataset.toString());
            out.put("split", split);
            out.put("pair", Map.of("id", pair.id(), "embedder", pair.embedder(), "reranker", pair.reranker().orElse("none"),
                    "candidates", pair.candidates()));
            out.put("queries", result.summary().queries());
            out.put("truncatedQueries", result.truncatedQueries());
            out.put("metrics", result.summary().metrics());
            out.put("latencyMs", result.latencyMs());
            out.put("ingest", ingest);
            out.put("finishedAt", Instant.now().toString());
            Path file = report != null ? report : root.resolve("eval").resolve("reports")
                    .resolve(data.name() + "-" + split + "-" + pair.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
            print(data, pair, result, file);
        }
        return 0;
    }

    private CheckpointPair pair() {
        if (embedder != null) {
            String id = embedder + (reranker != null ? "+" + reranker : "");
            int k = candidates != null ? candidates : 100;
            return new CheckpointPair(id, embedder, Optional.ofNullable(reranker), k, Math.min(10, k));
        }
        String id = pairId != null ? pairId : config.defaultPair();
        CheckpointPair configured = GatewayProducer.pairs(config).get(id);
        if (configured == null) {
            throw new IllegalArgumentException("unknown pair '" + id + "'; configured: " + config.pairs().keySet()
                    + " (or use --embedder for an ad-hoc pair)");
        }
        return candidates == null ? configured : new CheckpointPair(configured.id(), configured.embedder(),
                configured.reranker(), candidates, Math.min(configured.topN(), candidates));
    }

    private static void print(BeirDataset data, CheckpointPair pair, Evaluator.Result result, Path file) {
        System.out.printf("%n%s, pair %s (embedder %s, reranker %s, K=%d), %d queries%n", data.name(),
                pair.id(), pair.embedder(), pair.reranker().orElse("none"), pair.candidates(),
                result.summary().queries());
        result.summary().metrics().forEach((name, value) -> System.out.printf("  %-10s %.4f%n", name, value));
        result.latencyMs().forEach((stage, l) -> System.out.printf("  %-7s latency ms  p50 %.2f  p95 %.2f  p99 %.2f%n",
                stage, l.p50(), l.p95(), l.p99()));
        System.out.println("report: " + file);
    }
}
