package io.stagegate.eval;

import io.stagegate.CheckpointPair;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.SecondStage;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.ModelCatalog;
import io.stagegate.catalog.Gateway;
import io.stagegate.pipeline.SearchPipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Runs every cell of a grid over a split's judged queries through the serving {@link SearchPipeline}s of one gateway
 * (blocking, one query at a time, so latencies are those of an idle gateway).
 *
 * <p>Each embedder embeds each query once: a probe pass per embedder times the cold query embedding through its
 * batcher and fills the gateway's query-vector cache; every cell then runs on cached query vectors, and its per-query
 * latency is its measured pipeline time without the (cached) embedding plus the cold embedding time of every embedder
 * it uses (summed: on this CPU-bound machine concurrent embeddings share the cores).
 */
public final class GridRunner {
    private GridRunner() {
    }

    /** How statistics and sampling are done; everything random is seeded. */
    public record Options(int permutations, int bootstrap, long seed, double targetRecall, int maxQueries) {
        public Options {
            if (permutations < 100 || bootstrap < 100) {
                throw new IllegalArgumentException("--permutations and --bootstrap must be >= 100");
            }
            if (!(targetRecall > 0 && targetRecall <= 1)) {
                throw new IllegalArgumentException("--target-recall must be in (0, 1], was " + targetRecall);
            }
        }
    }

    /** What one cell measured, per query and in aggregate. */
    public record CellRun(GridSpec.Cell cell, double[] ndcg10, double[] mrr10, double[] recall10, double[] candidateRecall,
                          double[] latencyMs) {
    }

    /** Pair id of the probe that times an embedder's cold query embeddings. */
    public static String probeId(String embedder) {
        return "probe|" + embedder;
    }

    /** Probe pairs (one per embedder, dense, K = topN) that the gateway must serve besides the cells. */
    public static Map<String, CheckpointPair> probes(GridSpec spec) {
        Map<String, CheckpointPair> probes = new LinkedHashMap<>();
        for (String e : spec.embedders()) {
            probes.put(probeId(e), new CheckpointPair(probeId(e), e, java.util.Optional.empty(), spec.topN(), spec.topN()));
        }
        return probes;
    }

    /** Fails with a message naming the option unless every checkpoint of the grid exists with the right kind. */
    public static void checkCheckpoints(GridSpec spec, List<GridSpec.Cell> cells, ModelCatalog catalog) {
        for (String e : spec.embedders()) {
            require(catalog, "--embedders", e, CheckpointKind.EMBEDDER);
        }
        for (GridSpec.Cell c : cells) {
            c.pair().reranker().ifPresent(r -> require(catalog, "--second-stages ce:", r, CheckpointKind.CROSS_ENCODER));
            if (c.pair().secondStage() instanceof SecondStage.Rescoring r) {
                r.embedders().forEach(e -> require(catalog, "--second-stages rescore:", e, CheckpointKind.EMBEDDER));
            }
        }
    }

    private static void require(ModelCatalog catalog, String option, String id, CheckpointKind kind) {
        var c = catalog.checkpoint(id);
        if (c.isEmpty() || c.get().spec().kind() != kind) {
            List<String> known = catalog.checkpoints().values().stream().filter(x -> x.spec().kind() == kind)
                    .map(x -> x.spec().id()).sorted().toList();
            throw new IllegalArgumentException(option + " names '" + id + "', which is " + (c.isEmpty() ? "not a known "
                    + "checkpoint" : "a " + c.get().spec().kind() + ", not a " + kind) + "; known: " + known);
        }
    }

    /** The judged queries of the split, or a seeded sample of {@code max} of them (0: all), in qrels order. */
    public static List<String> queries(BeirDataset dataset, int max, long seed) {
        List<String> all = new ArrayList<>(dataset.qrels().keySet());
        if (max <= 0 || max >= all.size()) {
            return all;
        }
        List<String> shuffled = new ArrayList<>(all);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        java.util.Set<String> keep = new java.util.HashSet<>(shuffled.subList(0, max));
        return all.stream().filter(keep::contains).toList();
    }

    /** Cold query-embedding time per embedder and query, measured through each probe pipeline (fills the cache). */
    public static Map<String, double[]> probe(Gateway gateway, GridSpec spec, BeirDataset dataset, List<String> queries,
                                              IntConsumer progress) {
        Map<String, double[]> cold = new LinkedHashMap<>();
        int done = 0;
        for (String e : spec.embedders()) {
            SearchPipeline probe = gateway.pipeline(probeId(e));
            // Warm the JIT and the session on texts that are not queries of the split, so they stay out of the cache.
            for (int i = 0; i < Math.min(10, queries.size()); i++) {
                run(probe, "warm-" + i, "warm-up " + i + ": " + dataset.queries().get(queries.get(i)), spec.topN(), null);
            }
            double[] ms = new double[queries.size()];
            for (int i = 0; i < queries.size(); i++) {
                ms[i] = run(probe, "probe-" + i, dataset.queries().get(queries.get(i)), spec.topN(), null).timings().embedMs();
                progress.accept(++done);
            }
            cold.put(e, ms);
        }
        return cold;
    }

    public static CellRun runCell(Gateway gateway, GridSpec.Cell cell, BeirDataset dataset, List<String> queries,
                                  Map<String, double[]> cold) {
        return runCell(gateway, cell, dataset, queries, cold, null);
    }

    /** @param filter every cell's first stage keeps only documents that match (null: none) */
    public static CellRun runCell(Gateway gateway, GridSpec.Cell cell, BeirDataset dataset, List<String> queries,
                                  Map<String, double[]> cold, io.stagegate.Filter filter) {
        SearchPipeline pipeline = gateway.pipeline(cell.pair().id());
        CheckpointPair pair = pipeline.pair();
        int n = queries.size();
        double[] ndcg = new double[n];
        double[] mrr = new double[n];
        double[] recall = new double[n];
        double[] candidateRecall = new double[n];
        double[] latency = new double[n];
        for (int i = 0; i < n; i++) {
            String q = queries.get(i);
            SearchResult r = run(pipeline, "grid-" + i, dataset.queries().get(q), pair.topN(), filter);
            Map<String, Integer> judged = dataset.qrels().get(q);
            // The served order is what a user sees: ranks, not scores, decide (fused scores tie often).
            List<String> ranked = r.hits().stream().map(ScoredDocument::id).toList();
            ndcg[i] = RetrievalMetrics.ndcg(ranked, judged, 10);
            mrr[i] = RetrievalMetrics.mrr(ranked, judged, 10);
            recall[i] = RetrievalMetrics.recall(ranked, judged, 10);
            candidateRecall[i] = RetrievalMetrics.recall(r.candidates().stream().map(c -> c.document().id()).toList(),
                    judged, pair.candidates());
            double embed = 0;
            if (pair.embedsQueries()) {
                for (String e : pair.embedders()) {
                    embed += cold.get(e)[i];
                }
            }
            latency[i] = r.timings().totalMs() - r.timings().embedMs() + embed;
        }
        return new CellRun(cell, ndcg, mrr, recall, candidateRecall, latency);
    }

    private static SearchResult run(SearchPipeline pipeline, String id, String query, int topN,
                                    io.stagegate.Filter filter) {
        CheckpointPair pair = pipeline.pair();
        return pipeline.search(new SearchRequest(id, query, topN, pair.candidates(), pair.id(), false,
                        io.stagegate.Priority.INTERACTIVE, io.stagegate.Deadline.NONE, filter))
                .await().indefinitely();
    }
}
