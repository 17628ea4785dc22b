package io.stagegate.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Recall@K, MRR@K and nDCG@K as BEIR computes them (pytrec_eval's recall_K and ndcg_cut_K, BEIR's own MRR@K), so
 * figures compare with published ones.
 *
 * <ul>
 *   <li>A run is re-sorted the way trec_eval does: score descending, ties by document id descending.</li>
 *   <li>Relevant means grade &ge; 1. nDCG uses the grade itself as gain (not 2^grade - 1) and a log2(rank + 1)
 *       discount; the ideal ranking is the judged grades sorted descending.</li>
 *   <li>A query whose judgements hold no relevant document scores 0 on every metric (trec_eval's convention).</li>
 * </ul>
 * Plain Java, no state.
 */
public final class RetrievalMetrics {
    private RetrievalMetrics() {
    }

    /** One retrieved document and the score it was ranked by. */
    public record Scored(String docId, double score) {
    }

    /** trec_eval's order: score descending, then document id descending. */
    public static List<String> order(List<Scored> run) {
        List<Scored> sorted = new ArrayList<>(run);
        sorted.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(Scored::docId, Comparator.reverseOrder()));
        return sorted.stream().map(Scored::docId).toList();
    }

    public static double recall(List<String> ranked, Map<String, Integer> qrels, int k) {
        long relevant = qrels.values().stream().filter(g -> g >= 1).count();
        if (relevant == 0) {
            return 0;
        }
        int found = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (qrels.getOrDefault(ranked.get(i), 0) >= 1) {
                found++;
            }
        }
        return (double) found / relevant;
    }

    public static double mrr(List<String> ranked, Map<String, Integer> qrels, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (qrels.getOrDefault(ranked.get(i), 0) >= 1) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    public static double ndcg(List<String> ranked, Map<String, Integer> qrels, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            int gain = Math.max(0, qrels.getOrDefault(ranked.get(i), 0));
            dcg += gain / log2(i + 2);
        }
        List<Integer> ideal = qrels.values().stream().filter(g -> g > 0).sorted(Comparator.reverseOrder()).toList();
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.size()); i++) {
            idcg += ideal.get(i) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
