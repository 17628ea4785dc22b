package io.stagegate.mining;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Simulated users for replay: a result judged relevant at 1-based position p is clicked with probability
 * a (1/p)^eta (position bias; a is the user's persistent propensity, 1 without a user), any other shown result with
 * probability {@code noise} (false clicks). Each query draws
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
        return clicks(queryId, shown, grades, 1.0);
    }

    /**
     * A recurring user's persistent click propensity in (0, 1], drawn once per (seed, user) from Beta(2, 1) (mean
     * 2/3): some users click relevant results far less than others, on every query, which is what makes one user's
     * queries correlated and a pre-period predictive. {@code null} (no user) is 1.
     */
    public double attention(String user) {
        if (user == null) {
            return 1.0;
        }
        // SplittableRandom mixes its seed; java.util.Random's first draw from nearby seeds is correlated.
        double u = new java.util.SplittableRandom(seed * 0x2545F4914F6CDD1DL + user.hashCode()).nextDouble();
        return Math.max(1e-3, Math.sqrt(u));
    }

    /** @param attention the user's propensity: a relevant result is clicked with {@code attention (1/p)^eta} */
    public List<Click> clicks(String queryId, List<String> shown, Map<String, Integer> grades, double attention) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + queryId.hashCode());
        List<Click> clicks = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            double u = random.nextDouble();
            boolean relevant = grades.getOrDefault(shown.get(i), 0) > 0;
            double p = relevant ? attention * Math.pow(1.0 / (i + 1), eta) : noise;
            if (u < p) {
                clicks.add(new Click(shown.get(i), i + 1, relevant));
            }
        }
        return clicks;
    }
}
