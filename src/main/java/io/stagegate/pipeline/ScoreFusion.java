package io.stagegate.pipeline;

import io.stagegate.Fusion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses ranked lists of scored documents into one ranking (plain Java, no state). Each input is one retriever's or
 * scorer's list, best first; a document may be missing from any of them.
 *
 * <ul>
 *   <li>RRF: {@code sum_i w_i / (k + rank_i)}, ranks 1-based; a missing document adds 0.</li>
 *   <li>Convex, min-max: {@code sum_i w_i * (s_i - min_i) / (max_i - min_i)}; a list whose scores are all equal gives
 *       its documents 1; a missing document adds 0 (the list's minimum).</li>
 *   <li>Convex, z-score: {@code sum_i w_i * (s_i - mean_i) / sd_i} (population sd; 0 when sd is 0); a missing document
 *       adds the list's lowest z-score, so missing never beats present.</li>
 * </ul>
 * Ties in the fused score go to the document ranked higher in the first input, then the second, and so on (missing
 * counts as ranked last), then to the smaller id: the order is total and does not depend on hash order.
 */
public final class ScoreFusion {
    private ScoreFusion() {
    }

    /** One input list, best first: ids and their scores (scores are ignored by RRF). */
    public record Input(List<String> ids, double[] scores) {
        public Input {
            ids = List.copyOf(ids);
            if (scores.length != ids.size()) {
                throw new IllegalArgumentException("scores (" + scores.length + ") and ids (" + ids.size() + ") differ");
            }
        }
    }

    public record Fused(String id, double score) {
    }

    public static List<Fused> fuse(List<Input> inputs, Fusion fusion) {
        double[] weights = fusion.weightsFor(inputs.size());
        Map<String, int[]> ranks = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            List<String> ids = inputs.get(i).ids();
            for (int r = 0; r < ids.size(); r++) {
                int[] rk = ranks.computeIfAbsent(ids.get(r), k -> filled(inputs.size()));
                if (rk[i] == Integer.MAX_VALUE) {
                    rk[i] = r + 1;
                }
            }
        }
        Map<String, Double> fused = new HashMap<>();
        for (String id : ranks.keySet()) {
            fused.put(id, 0.0);
        }
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            double w = weights[i];
            if (fusion.method() == Fusion.Method.RRF) {
                for (var e : ranks.entrySet()) {
                    int r = e.getValue()[i];
                    if (r != Integer.MAX_VALUE) {
                        fused.merge(e.getKey(), w / (fusion.rrfK() + r), Double::sum);
                    }
                }
            } else {
                Map<String, Double> norm = normalise(in, fusion.normalization());
                double missing = fusion.normalization() == Fusion.Normalization.MINMAX ? 0.0
                        : norm.values().stream().mapToDouble(Double::doubleValue).min().orElse(0.0);
                for (String id : ranks.keySet()) {
                    fused.merge(id, w * norm.getOrDefault(id, missing), Double::sum);
                }
            }
        }
        List<String> order = new ArrayList<>(ranks.keySet());
        Comparator<String> byScore = Comparator.comparingDouble((String id) -> fused.get(id)).reversed();
        Comparator<String> byRanks = (a, b) -> {
            int[] ra = ranks.get(a);
            int[] rb = ranks.get(b);
            for (int i = 0; i < ra.length; i++) {
                int c = Integer.compare(ra[i], rb[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        order.sort(byScore.thenComparing(byRanks).thenComparing(Comparator.naturalOrder()));
        return order.stream().map(id -> new Fused(id, fused.get(id))).toList();
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, Integer.MAX_VALUE);
        return a;
    }

    /** An id's first score in the list wins, as its first rank does. */
    static Map<String, Double> normalise(Input in, Fusion.Normalization how) {
        Map<String, Double> raw = new LinkedHashMap<>();
        for (int i = 0; i < in.ids().size(); i++) {
            raw.putIfAbsent(in.ids().get(i), in.scores()[i]);
        }
        Map<String, Double> out = new HashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        if (how == Fusion.Normalization.MINMAX) {
            double min = raw.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double max = raw.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            raw.forEach((id, s) -> out.put(id, max == min ? 1.0 : (s - min) / (max - min)));
        } else {
            double mean = raw.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double var = raw.values().stream().mapToDouble(s -> (s - mean) * (s - mean)).sum() / raw.size();
            double sd = Math.sqrt(var);
            raw.forEach((id, s) -> out.put(id, sd == 0 ? 0.0 : (s - mean) / sd));
        }
        return out;
    }
}
