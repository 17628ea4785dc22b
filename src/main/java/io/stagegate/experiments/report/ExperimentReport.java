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
                               List<Shadow> shadows, List<String> notes) {

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

    public record Shadow(String pair, boolean noiseFloor, long runs, long failed, long timeouts, double meanOverlapAt10,
                         double meanRbo, Double meanKendallTau, double top1Agreement, double latencyDeltaMeanMs,
                         double latencyDeltaP50Ms) {
    }
}
