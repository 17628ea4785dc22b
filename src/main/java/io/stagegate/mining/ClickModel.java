package io.stagegate.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated users for replay: a result judged relevant at 1-based position p is clicked with probability
 * (1/p)^eta (position bias), any other shown result with probability {@code noise} (false clicks). Each query draws
 * from its own generator, seeded by the run seed and the query id, and draws once per shown position whatever
 * happens, so clicks depend only on (seed, query, results shown): not on thread scheduling or query order.
 */
public record ClickModel(long seed, double eta, double noise) {
    public ClickModel {
        if (!(eta >= 0) || eta > 10) {
            throw new IllegalArgumentException("eta must be 0..10, was " + eta);
        }
        if (!(noise >= 0 && noise <= 1)) {
            throw new IllegalArgumentException("noise must be 0..1, was " + noise);
        }
    }

    /** A click on a shown result; {@code relevant} false marks a noise click. */
    public record Click(String docId, int position, boolean relevant) {
    }

    public List<Click> clicks(String queryId, List<String> shown, Map<String, Integer> grades) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + queryId.hashCode());
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            double u = random.nextDouble();
            boolean relevant = grades.getOrDefault(shown.get(i), 0) > 0;
            double p = relevant ? Math.pow(1.0 / (i + 1), eta) : noise;
            if (u < p) {
                clicks.add(new Click(shown.get(i), i + 1, relevant));
            }
        }
        return clicks;
    }
}
