package io.stagegate.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean metrics over the judged queries of a split. Recall@K is reported only for K the run could reach (K at most
 * the number of results asked for); queries without a run count as empty rankings.
 */
public record MetricSummary(int queries, Map<String, Double> metrics) {
    public static final int[] RECALL_KS = {1, 5, 10, 20, 50, 100};

    public static MetricSummary of(Map<String, List<RetrievalMetrics.Scored>> run, Map<String, Map<String, Integer>> qrels,
                                   int depth) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int k : RECALL_KS) {
            if (k <= depth) {
                sums.put("recall@" + k, 0.0);
            }
        }
        sums.put("mrr@10", 0.0);
        sums.put("ndcg@10", 0.0);
        for (var entry : qrels.entrySet()) {
            List<String> ranked = RetrievalMetrics.order(run.getOrDefault(entry.getKey(), List.of()));
            Map<String, Integer> judged = entry.getValue();
            for (int k : RECALL_KS) {
                if (k <= depth) {
                    sums.merge("recall@" + k, RetrievalMetrics.recall(ranked, judged, k), Double::sum);
                }
            }
            sums.merge("mrr@10", RetrievalMetrics.mrr(ranked, judged, 10), Double::sum);
            sums.merge("ndcg@10", RetrievalMetrics.ndcg(ranked, judged, 10), Double::sum);
        }
        int n = qrels.size();
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, sum) -> means.put(name, n == 0 ? 0 : sum / n));
        return new MetricSummary(n, means);
    }
}
