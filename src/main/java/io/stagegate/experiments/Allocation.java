package io.stagegate.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which arm owns each of the {@link Buckets#COUNT} buckets. A new experiment lays arms out in contiguous ranges sized by
 * weight (largest remainder, so the counts are exact). A weight change moves as few buckets as possible: an arm that
 * shrinks releases its highest buckets, an arm that grows takes the released ones, lowest first, and nothing else
 * moves; exactly the sum of the positive count differences changes hands, which is the minimum any scheme can achieve.
 */
public record Allocation(List<Range> ranges) {
    /** Buckets [from, to) belong to {@code arm} (a pair id). */
    public record Range(int from, int to, String arm) {
        public Range {
            if (from < 0 || to > Buckets.COUNT || from >= to) {
                throw new IllegalArgumentException("range must satisfy 0 <= from < to <= " + Buckets.COUNT + ", was ["
                        + from + ", " + to + ")");
            }
            Objects.requireNonNull(arm, "arm");
        }
    }

    public Allocation {
        ranges = List.copyOf(ranges);
        int next = 0;
        for (Range r : ranges) {
            if (r.from() != next) {
                throw new IllegalArgumentException("ranges must tile 0.." + Buckets.COUNT + " in order; gap or overlap at " + next);
            }
            next = r.to();
        }
        if (next != Buckets.COUNT) {
            throw new IllegalArgumentException("ranges must cover all " + Buckets.COUNT + " buckets, covered " + next);
        }
    }

    /** Contiguous ranges in arm order, sized by weight. */
    public static Allocation initial(Map<String, Double> weights) {
        Map<String, Integer> counts = counts(weights);
        String[] owner = new String[Buckets.COUNT];
        int at = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            Arrays.fill(owner, at, at + e.getValue(), e.getKey());
            at += e.getValue();
        }
        return compress(owner);
    }

    /** The same allocation with new weights (arms may come and go), moving the fewest buckets. */
    public Allocation rebalance(Map<String, Double> weights) {
        Map<String, Integer> target = counts(weights);
        String[] owner = owners();
        Map<String, Integer> have = new LinkedHashMap<>();
        for (String o : owner) {
            have.merge(o, 1, Integer::sum);
        }
        boolean[] free = new boolean[Buckets.COUNT];
        for (int b = Buckets.COUNT - 1; b >= 0; b--) {
            String arm = owner[b];
            int keep = target.getOrDefault(arm, 0);
            if (have.get(arm) > keep) {
                have.merge(arm, -1, Integer::sum);
                free[b] = true;
            }
        }
        int b = 0;
        for (Map.Entry<String, Integer> e : target.entrySet()) {
            int missing = e.getValue() - have.getOrDefault(e.getKey(), 0);
            while (missing > 0) {
                if (free[b]) {
                    owner[b] = e.getKey();
                    free[b] = false;
                    missing--;
                }
                b++;
            }
        }
        return compress(owner);
    }

    public String armOf(int bucket) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (ranges.get(mid).from() <= bucket) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return ranges.get(lo).arm();
    }

    /** Buckets per arm. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Range r : ranges) {
            out.merge(r.arm(), r.to() - r.from(), Integer::sum);
        }
        return out;
    }

    /** How many buckets have a different owner in {@code other}. */
    public int moved(Allocation other) {
        String[] a = owners();
        String[] b = other.owners();
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                n++;
            }
        }
        return n;
    }

    private String[] owners() {
        String[] owner = new String[Buckets.COUNT];
        for (Range r : ranges) {
            Arrays.fill(owner, r.from(), r.to(), r.arm());
        }
        return owner;
    }

    /** Exact bucket counts for the weights: floors, then the leftover buckets by largest remainder (ties: arm order). */
    static Map<String, Integer> counts(Map<String, Double> weights) {
        double total = 0;
        for (double w : weights.values()) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be positive and finite, was " + w);
            }
            total += w;
        }
        List<String> arms = new ArrayList<>(weights.keySet());
        int[] counts = new int[arms.size()];
        double[] remainder = new double[arms.size()];
        int assigned = 0;
        for (int i = 0; i < arms.size(); i++) {
            double exact = Buckets.COUNT * weights.get(arms.get(i)) / total;
            counts[i] = (int) Math.floor(exact);
            remainder[i] = exact - counts[i];
            assigned += counts[i];
        }
        for (int left = Buckets.COUNT - assigned; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < arms.size(); i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainder[best] = -1;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            out.put(arms.get(i), counts[i]);
        }
        return out;
    }

    private static Allocation compress(String[] owner) {
        List<Range> out = new ArrayList<>();
        int start = 0;
        for (int b = 1; b <= owner.length; b++) {
            if (b == owner.length || !owner[b].equals(owner[start])) {
                out.add(new Range(start, b, owner[start]));
                start = b;
            }
        }
        return new Allocation(out);
    }
}
