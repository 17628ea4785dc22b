package io.stagegate.mining;

import io.stagegate.stats.Statistics;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a comparison of a better and a worse pair query by query, as a tester peeking at a running experiment
 * would, and notes the first query count at which the difference is significant (p < 0.05) in either direction.
 * A/B compares first-click reciprocal rank per query between the arms (Welch); interleaving counts per-query wins and
 * losses of the better pair by clicked documents (exact sign test).
 */
final class SequentialComparison {
    static final double ALPHA = 0.05;
    /**
     * No test before this many queries (and, for A/B, before each arm has a third of them): a normal approximation on
     * a handful of 0-or-1 reciprocal ranks declares "significance" at n = 4. The same floor for both modes keeps their
     * query counts comparable.
     */
    static final int MIN_QUERIES = 100;

    private final String better;
    private final List<Double> betterRr = new ArrayList<>();
    private final List<Double> worseRr = new ArrayList<>();
    private long wins;
    private long losses;
    private long queries;
    private long significantAt;
    private boolean betterWon;
    private double pValue = 1;

    SequentialComparison(String better) {
        this.better = better;
    }

    /** An A/B query: the arm that served it and the 1-based rank of its first click (0 without one). */
    void ab(String arm, int firstClick) {
        queries++;
        (better.equals(arm) ? betterRr : worseRr).add(firstClick == 0 ? 0 : 1.0 / firstClick);
        if (queries >= MIN_QUERIES && Math.min(betterRr.size(), worseRr.size()) >= MIN_QUERIES / 3) {
            double[] b = betterRr.stream().mapToDouble(Double::doubleValue).toArray();
            double[] w = worseRr.stream().mapToDouble(Double::doubleValue).toArray();
            pValue = Statistics.welchPValue(w, b);
            check(Statistics.mean(b) > Statistics.mean(w));
        }
    }

    /** An interleaved query: the arm that contributed each clicked document. */
    void interleaved(List<String> clickedArms) {
        queries++;
        long forBetter = clickedArms.stream().filter(better::equals).count();
        long forWorse = clickedArms.size() - forBetter;
        if (forBetter > forWorse) {
            wins++;
        } else if (forWorse > forBetter) {
            losses++;
        }
        pValue = Statistics.signTestPValue(wins, losses);
        if (queries >= MIN_QUERIES) {
            check(wins > losses);
        }
    }

    private void check(boolean betterAhead) {
        if (significantAt == 0 && pValue < ALPHA) {
            significantAt = queries;
            betterWon = betterAhead;
        }
    }

    boolean decided() {
        return significantAt > 0;
    }

    long significantAt() {
        return significantAt;
    }

    boolean betterWon() {
        return betterWon;
    }

    long queries() {
        return queries;
    }

    double pValue() {
        return pValue;
    }

    long wins() {
        return wins;
    }

    long losses() {
        return losses;
    }
}
