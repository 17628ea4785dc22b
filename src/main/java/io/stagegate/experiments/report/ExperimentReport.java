package io.stagegate.experiments.report;

import java.util.List;

/**
 * An experiment's report: per arm, what users did with the results (click-through, first-click reciprocal rank,
 * abandonment) and what serving cost (latency percentiles); each arm's differences from the control with 95% bootstrap
 * intervals and Welch p-values; for interleaving, wins, losses, ties, preference share and the sign test; per shadow
 * pair, how alike its rankings were, beside the noise floor of the primary against itself.
 */
public record ExperimentReport(String experiment, String mode, List<Integer> versions, long queries, long clicks,
                               List<Arm> arms, List<Difference> differences, Interleaving interleaving,
                               List<Shadow> shadows, List<Disagreement> disagreements, List<String> notes) {

    /** The same report with one more note (e.g. what a live report cannot know). */
    public ExperimentReport withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ExperimentReport(experiment, mode, versions, queries, clicks, arms, differences, interleaving, shadows,
                disagreements, List.copyOf(more));
    }

    public record Arm(String arm, long queries, long clickedQueries, double ctr, double mrr, double abandonment,
                      double latencyP50Ms, double latencyP95Ms, double latencyP99Ms) {
    }

    /** {@code arm} minus {@code control} on one metric; significant when the interval excludes 0 and p < 0.05. */
    public record Difference(String metric, String arm, String control, double difference, double ciLow, double ciHigh,
                             Double pValue, boolean significant) {
    }

    /**
     * Team-draft outcome counts: a query is a win for the first arm when more of its clicked documents came from the
     * first arm, a loss when fewer, a tie when equal (no clicks included). Preference is wins / (wins + losses).
     */
    public record Interleaving(String first, String second, long queries, long wins, long losses, long ties,
                               double preferenceFirst, double pValue, boolean significant) {
    }

    /**
     * @param runs     planned shadow runs, whatever their outcome; {@code shed}: skipped because the device was busy
     *                 or too many ran at once, so they compare nothing
     */
    public record Shadow(String pair, boolean noiseFloor, long runs, long failed, long timeouts, long shed,
                         double meanOverlapAt10, double meanRbo, Double meanKendallTau, double top1Agreement,
                         double latencyDeltaMeanMs, double latencyDeltaP50Ms) {
    }

    /** A query where a shadow pair ranked most differently from the primary (lowest RBO), both top 10s side by side. */
    public record Disagreement(String queryId, String userQuery, String primaryPair, String shadowPair, double rbo,
                               List<String> primaryTop10, List<String> shadowTop10) {
    }
}
