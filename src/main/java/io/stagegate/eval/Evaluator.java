package io.stagegate.eval;

import io.stagegate.CheckpointPair;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.pipeline.SearchPipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs every judged query of a split through the serving {@link SearchPipeline} (one at a time, so the per-stage
 * latencies are those of an idle gateway) and scores the rankings. Blocking; never call it from an event loop.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Per-stage latency percentiles in milliseconds. */
    public record Latency(double p50, double p95, double p99, double mean) {
        static Latency of(double[] values) {
            if (values.length == 0) {
                return new Latency(0, 0, 0, 0);
            }
            double[] v = values.clone();
            Arrays.sort(v);
            return new Latency(pct(v, 50), pct(v, 95), pct(v, 99), Arrays.stream(v).average().orElse(0));
        }

        private static double pct(double[] sorted, double p) {
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    public record Result(MetricSummary summary, int depth, Map<String, Latency> latencyMs, int truncatedQueries) {
    }

    /**
     * @param depth results kept per query (the candidate budget, so Recall@K is measured up to what the pair sees)
     */
    public static Result run(SearchPipeline pipeline, BeirDataset dataset, int depth, IntConsumer progress) {
        return run(pipeline, dataset, depth, progress, null);
    }

    /** @param filter applied to every query's first stage (null: none), as a search request's filter is */
    public static Result run(SearchPipeline pipeline, BeirDataset dataset, int depth, IntConsumer progress,
                             io.stagegate.Filter filter) {
        CheckpointPair pair = pipeline.pair();
        Map<String, List<RetrievalMetrics.Scored>> run = new LinkedHashMap<>();
        List<double[]> timings = new ArrayList<>();
        int truncated = 0;
        int done = 0;
        for (String queryId : dataset.qrels().keySet()) {
            int candidates = Math.max(depth, pair.candidates());
            SearchRequest request = new SearchRequest("eval-" + queryId, dataset.queries().get(queryId), depth, candidates,
                    pair.id(), false, io.stagegate.Priority.INTERACTIVE, io.stagegate.Deadline.NONE, filter);
            SearchResult result = pipeline.search(request).await().indefinitely();
            List<RetrievalMetrics.Scored> scored = new ArrayList<>(result.hits().size());
            for (ScoredDocument hit : result.hits()) {
                scored.add(new RetrievalMetrics.Scored(hit.id(), hit.score()));
            }
            run.put(queryId, scored);
            var t = result.timings();
            timings.add(new double[] {t.embedMs(), t.annMs(), t.rerankMs(), t.totalMs()});
            if (result.queryTruncated()) {
                truncated++;
            }
            progress.accept(++done);
        }
        Map<String, Latency> latency = new LinkedHashMap<>();
        String[] stages = {"embed", "ann", "rerank", "total"};
        for (int s = 0; s < stages.length; s++) {
            int stage = s;
            latency.put(stages[s], Latency.of(timings.stream().mapToDouble(x -> x[stage]).toArray()));
        }
        return new Result(MetricSummary.of(run, dataset.qrels(), depth), depth, latency, truncated);
    }
}
