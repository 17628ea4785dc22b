package io.stagegate.experiments.report;

import java.util.List;

/**
 * An experiment's report. The decision part is unit-level ({@link Units}): arms are assigned per client, session or
 * request, so those units are the independent draws; per unit click-through, first-click reciprocal rank,
 * abandonment and queries, differences with delta-method intervals (a cluster bootstrap beside them as a check),
 * CUPED, always-valid sequential p-values and intervals, guardrails, a decision and a plan; the sample-ratio check
 * ({@link Srm}) per version says whether to trust any of it. The per-query part ({@code arms}, {@code differences})
 * is context: it treats correlated queries of one user as independent, so its intervals are too narrow to decide on.
 * For interleaving, wins, losses, ties, preference share, the sign test and its sequential counterpart; per shadow
 * pair, how alike its rankings were, beside the noise floor of the primary against itself.
 *
 * @param sampleRatioMismatch true when any version's units per arm fail the SRM check: do not trust the rest
 */
public record ExperimentReport(String experiment, String mode, List<Integer> versions, long queries, long clicks,
                               List<Arm> arms, List<Difference> differences, Interleaving interleaving,
                               List<Shadow> shadows, List<Disagreement> disagreements, List<String> notes,
                               boolean sampleRatioMismatch, List<Srm> srm, Units units) {

    /** The same report with one more note (e.g. what a live report cannot know). */
    public ExperimentReport withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ExperimentReport(experiment, mode, versions, queries, clicks, arms, differences, interleaving, shadows,
                disagreements, List.copyOf(more), sampleRatioMismatch, srm, units);
    }

    /**
     * Sample-ratio check of one version: units per arm against the allocation's shares, Pearson chi-square; a
     * mismatch (p below {@link SampleRatio#ALPHA}, 0.001) means assignment or logging is broken for this version.
     */
    public record Srm(int version, List<String> arms, List<Long> units, List<Double> expectedShares, double chiSquare,
                      double pValue, boolean mismatch) {
    }

    /**
     * The unit-level analysis of one version (the latest: pooling versions whose weights differ can reverse an
     * effect). Metrics and guardrails compare each arm with the control.
     *
     * @param unitsInSeveralArms units seen in two arms of the version, left out (sticky assignment cannot do this)
     * @param tuningUnits        where the always-valid interval is tuned (its mixing parameter is published per
     *                           metric as {@code tau})
     */
    public record Units(int version, long units, long unitsInSeveralArms, List<UnitArm> arms, List<UnitMetric> metrics,
                        List<Guardrail> guardrails, List<Decision> decisions, Plan plan, double alpha, double mde,
                        long tuningUnits, long cupedWindowSeconds) {
    }

    /** An arm's unit-level figures: ratios of sums over its units (each query of a unit counts once). */
    public record UnitArm(String arm, long units, long queries, double ctr, double mrr, double abandonment,
                          double queriesPerUnit) {
    }

    /**
     * {@code arm} minus {@code control} on one unit-level metric. {@code ciLow..ciHigh}, {@code pValue}:
     * fixed-horizon (delta method), valid only at a size fixed in advance. {@code bootstrapLow..bootstrapHigh}: the
     * cluster bootstrap over units, as a check on the delta method. {@code cuped*}: the same difference adjusted by
     * the units' pre-period behaviour (null without history), {@code varianceReduction} 1 - adjusted/raw variance.
     * {@code sequential*}: always-valid (mixture SPRT, on the CUPED estimate where there is one): may be watched
     * continuously and acted on at any look.
     */
    public record UnitMetric(String metric, String arm, String control, double armValue, double controlValue,
                             double difference, double ciLow, double ciHigh, double pValue, double bootstrapLow,
                             double bootstrapHigh, Double cupedDifference, Double cupedCiLow, Double cupedCiHigh,
                             Double varianceReduction, long unitsWithHistory, double sequentialLow,
                             double sequentialHigh, double sequentialPValue, double tau) {
    }

    /**
     * One guardrail of an arm against the control: {@code degradation} is how much worse the arm is (arm minus
     * control; latency in ms, rates absolute), with its interval; {@code status} is {@code failed} when it is
     * worse beyond doubt and by more than {@code tolerance}, {@code ok} when the interval rules out more than the
     * tolerance, else {@code inconclusive}.
     */
    public record Guardrail(String metric, String arm, String control, double armValue, double controlValue,
                            double degradation, double ciLow, double ciHigh, double tolerance, String status) {
    }

    /**
     * What the always-valid test on click-through says now: {@code keep running}, {@code better}, {@code worse},
     * {@code no difference larger than the MDE}, or {@code do not decide} (sample-ratio mismatch).
     */
    public record Decision(String arm, String metric, String verdict, String reason) {
    }

    /**
     * Units per arm a fixed-horizon test needs to detect the MDE on click-through at the given power, from the
     * observed per-unit variance of the control (and with CUPED's observed variance reduction, when there is one).
     */
    public record Plan(String metric, double mde, double alpha, double power, double variancePerUnit, long unitsPerArm,
                       Long unitsPerArmWithCuped, long smallestArmSoFar) {
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
     * {@code pValue}: the exact sign test at a fixed size; {@code sequential*}: always-valid p-value and interval of
     * the preference (mixture SPRT on wins vs losses; queries are the units, team draft randomises each query), which
     * {@code decision} follows.
     */
    public record Interleaving(String first, String second, long queries, long wins, long losses, long ties,
                               double preferenceFirst, double pValue, boolean significant, double sequentialPValue,
                               double sequentialLow, double sequentialHigh, double tau, String decision) {
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
