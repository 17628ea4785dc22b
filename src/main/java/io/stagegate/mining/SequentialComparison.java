package io.stagegate.mining;

import io.stagegate.stats.SequentialTest;
import io.stagegate.stats.Statistics;
import io.stagegate.stats.UnitRatio;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches a comparison of a better and a worse pair query by query, as a tester peeking at a running experiment
 * would, with the test that peeking cannot fool: the always-valid mixture SPRT ({@link SequentialTest}). A/B compares
 * first-click reciprocal rank per unit (each simulated user's queries summed, delta method over users, the
 * randomisation unit); interleaving compares the preference share of decided queries with 1/2. Beside it, for
 * contrast, the first query count at which a fixed-horizon test (delta-method z, sign test) read at every query would
 * have declared a winner: what {@code --until-significant} used to stop at.
 */
final class SequentialComparison {
    static final double ALPHA = 0.05;
    /**
     * No test before this many queries (and, for A/B, before each arm has a third of them): the variance estimate on a
     * handful of 0-or-1 reciprocal ranks is too rough for a normal approximation, sequential or not.
     */
    static final int MIN_QUERIES = 100;

    private final String better;
    private final long tuningUnits;
    /** Per unit: {first-click reciprocal ranks summed, queries}. */
    private final Map<String, double[]> betterUnits = new LinkedHashMap<>();
    private final Map<String, double[]> worseUnits = new LinkedHashMap<>();
    private long wins;
    private long losses;
    private long queries;
    private long betterQueries;
    private long significantAt;
    private long fixedSignificantAt;
    private boolean betterWon;
    private double pValue = 1;
    private double fixedPValue = 1;
    private double fixedZ = Double.NaN;
    private double difference = Double.NaN;
    private double variancePerUnit = Double.NaN;

    /** @param tuningUnits where the always-valid interval is narrowest (the units the run expects) */
    SequentialComparison(String better, long tuningUnits) {
        this.better = better;
        this.tuningUnits = Math.max(10, tuningUnits);
    }

    /** An A/B query: its unit (user; null: the query is its own unit), its arm and the rank of its first click. */
    void ab(String unit, String arm, int firstClick) {
        queries++;
        boolean isBetter = better.equals(arm);
        betterQueries += isBetter ? 1 : 0;
        String key = unit == null ? "query:" + queries : unit;
        double[] sums = (isBetter ? betterUnits : worseUnits).computeIfAbsent(key, k -> new double[2]);
        sums[0] += firstClick == 0 ? 0 : 1.0 / firstClick;
        sums[1]++;
        if (queries >= MIN_QUERIES && Math.min(betterQueries, queries - betterQueries) >= MIN_QUERIES / 3
                && betterUnits.size() >= 2 && worseUnits.size() >= 2) {
            UnitRatio b = ratio(betterUnits);
            UnitRatio w = ratio(worseUnits);
            double d = b.value() - w.value();
            double v = b.variance() + w.variance();
            if (v > 0) {
                difference = d;
                variancePerUnit = (Statistics.variance(b.linearised()) + Statistics.variance(w.linearised())) / 2;
                pValue = SequentialTest.test(d, v, b.units() + w.units(), tuningUnits, ALPHA).pValue();
                fixedZ = d / Math.sqrt(v);
                fixedPValue = 2 * Statistics.normalCdf(-Math.abs(fixedZ));
                check(d > 0);
            }
        }
    }

    private static UnitRatio ratio(Map<String, double[]> units) {
        double[] y = new double[units.size()];
        double[] n = new double[units.size()];
        int i = 0;
        for (double[] s : units.values()) {
            y[i] = s[0];
            n[i++] = s[1];
        }
        return UnitRatio.of(y, n);
    }

    /** An interleaved query (team draft randomises per query): the arm that contributed each clicked document. */
    void interleaved(List<String> clickedArms) {
        queries++;
        long forBetter = clickedArms.stream().filter(better::equals).count();
        long forWorse = clickedArms.size() - forBetter;
        if (forBetter > forWorse) {
            wins++;
        } else if (forWorse > forBetter) {
            losses++;
        }
        long n = wins + losses;
        if (queries >= MIN_QUERIES && n > 0) {
            double d = (double) wins / n - 0.5;
            // The variance of a Bernoulli share is at most 1/4: valid at any true preference.
            pValue = SequentialTest.test(d, 0.25 / n, n, tuningUnits, ALPHA).pValue();
            fixedPValue = Statistics.signTestPValue(wins, losses);
            check(wins > losses);
        }
    }

    private void check(boolean betterAhead) {
        if (fixedSignificantAt == 0 && fixedPValue < ALPHA) {
            fixedSignificantAt = queries;
        }
        if (significantAt == 0 && pValue < ALPHA) {
            significantAt = queries;
            betterWon = betterAhead;
        }
    }

    boolean decided() {
        return significantAt > 0;
    }

    /** Queries at the first always-valid p < 0.05 (0: not yet). */
    long significantAt() {
        return significantAt;
    }

    /** Queries at the first fixed-horizon p < 0.05 read at every query (0: not yet); for contrast only. */
    long fixedSignificantAt() {
        return fixedSignificantAt;
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

    double fixedPValue() {
        return fixedPValue;
    }

    long units() {
        return betterUnits.size() + worseUnits.size();
    }

    /** The fixed-horizon z of the latest A/B difference (what a sample-size extrapolation starts from). */
    double fixedZ() {
        return fixedZ;
    }

    /** The latest A/B difference (better minus worse arm, first-click reciprocal rank over units). */
    double difference() {
        return difference;
    }

    /**
     * Units per arm a fixed-horizon two-sided test at alpha 0.05 needs for 80% power at the difference seen so far:
     * {@code 2 (z_0.975 + z_0.8)^2 sigma^2 / d^2}, sigma^2 the per-unit variance of the linearised metric.
     */
    long plannedUnitsPerArm() {
        if (Double.isNaN(difference) || difference == 0) {
            return 0;
        }
        double z = Statistics.normalQuantile(1 - ALPHA / 2) + Statistics.normalQuantile(0.8);
        return (long) Math.ceil(2 * z * z * variancePerUnit / (difference * difference));
    }

    long wins() {
        return wins;
    }

    long losses() {
        return losses;
    }
}
