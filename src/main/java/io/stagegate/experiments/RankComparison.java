package io.stagegate.experiments;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How alike two ranked lists of document ids are, the way shadow traffic and noise floors are reported: overlap at a
 * depth, rank-biased overlap, Kendall's tau on the shared documents, and top-1 agreement. Lists hold distinct ids.
 */
public final class RankComparison {
    private RankComparison() {
    }

    /**
     * |A[:d] ∩ B[:d]| / d with d = min(k, max(|A|, |B|)): the share of the top d both lists hold. Two empty lists agree
     * completely (1).
     */
    public static double overlap(List<String> a, List<String> b, int k) {
        int depth = Math.min(k, Math.max(a.size(), b.size()));
        if (depth == 0) {
            return 1.0;
        }
        Set<String> top = new HashSet<>(a.subList(0, Math.min(depth, a.size())));
        int shared = 0;
        for (String id : b.subList(0, Math.min(depth, b.size()))) {
            if (top.contains(id)) {
                shared++;
            }
        }
        return (double) shared / depth;
    }

    /**
     * Extrapolated rank-biased overlap, RBO_EXT (Webber, Moffat and Zobel 2010, equation 32, which covers lists of
     * different lengths): the expected agreement of a user who reads on with probability p, assuming the agreement
     * seen at the end of the shorter list continues. Not the truncated RBO_MIN and not the average overlap (p = 1)
     * that some libraries print under the same name.
     */
    public static double rbo(List<String> a, List<String> b, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), was " + p);
        }
        List<String> shortList = a.size() <= b.size() ? a : b;
        List<String> longList = a.size() <= b.size() ? b : a;
        int s = shortList.size();
        int l = longList.size();
        if (l == 0) {
            return 1.0;
        }
        if (s == 0) {
            return 0.0;
        }
        Set<String> seenShort = new HashSet<>();
        Set<String> seenLong = new HashSet<>();
        int overlap = 0;
        int overlapAtS = 0;
        double sum = 0;
        double weight = 1;
        for (int d = 1; d <= l; d++) {
            weight *= p;
            String x = longList.get(d - 1);
            seenLong.add(x);
            if (seenShort.contains(x)) {
                overlap++;
            }
            if (d <= s) {
                String y = shortList.get(d - 1);
                seenShort.add(y);
                // X_d = X_{d-1} + [L_d in S:d-1] + [S_d in L:d]: a document at depth d in both lists counts once.
                if (seenLong.contains(y)) {
                    overlap++;
                }
                if (d == s) {
                    overlapAtS = overlap;
                }
            }
            sum += (double) overlap / d * weight;
            if (d > s) {
                sum += (double) overlapAtS * (d - s) / ((double) s * d) * weight;
            }
        }
        double tail = ((double) (overlap - overlapAtS) / l + (double) overlapAtS / s) * weight;
        return (1 - p) / p * sum + tail;
    }

    /**
     * Kendall's tau-a over the documents both lists hold, in the order each gives them: +1 same order, -1 reversed.
     * NaN when fewer than two documents are shared (no pair to compare).
     */
    public static double kendallTau(List<String> a, List<String> b) {
        Map<String, Integer> rankInB = new HashMap<>();
        for (int i = 0; i < b.size(); i++) {
            rankInB.put(b.get(i), i);
        }
        int[] order = a.stream().filter(rankInB::containsKey).mapToInt(rankInB::get).toArray();
        int n = order.length;
        if (n < 2) {
            return Double.NaN;
        }
        long concordant = 0;
        long discordant = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (order[i] < order[j]) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        return (double) (concordant - discordant) / ((long) n * (n - 1) / 2);
    }

    public static boolean topOneAgrees(List<String> a, List<String> b) {
        return !a.isEmpty() && !b.isEmpty() && a.get(0).equals(b.get(0));
    }
}
