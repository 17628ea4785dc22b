package io.stagegate.events;

import java.util.List;
import java.util.Objects;

/**
 * {@code stagegate.query.v1}: one served query, what the index proposed and what the client was shown. Field names
 * follow UBI where they overlap ({@code query_id}, {@code client_id}, {@code user_query},
 * {@code query_response_hit_ids}); the rest is what a trainer needs to mine hard negatives and compare pairs.
 */
public record QueryEvent(String schema, String eventId, String queryId, String clientId, String sessionId,
                         String userQuery, String transport, String pair, String embedder, String reranker,
                         String routing, String defaultPair, String experiment, Integer experimentVersion, String arm,
                         String unitKind, int topN, int candidatesRequested, boolean queryTruncated,
                         List<Candidate> candidates, List<Result> results, List<String> queryResponseHitIds,
                         Timings timings, String traceId, String timestamp, Boolean partial,
                         List<String> experimentArms, List<Double> experimentArmShares, String outcome,
                         Object filter)
        implements Event {
    public static final String SCHEMA = "stagegate.query.v1";

    public QueryEvent {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", was " + schema);
        }
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(queryId, "query_id");
        Objects.requireNonNull(userQuery, "user_query");
        Objects.requireNonNull(pair, "pair");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(timestamp, "timestamp");
        candidates = List.copyOf(candidates);
        results = List.copyOf(results);
        queryResponseHitIds = List.copyOf(queryResponseHitIds);
        experimentArms = experimentArms == null || experimentArms.isEmpty() ? null : List.copyOf(experimentArms);
        experimentArmShares = experimentArmShares == null || experimentArmShares.isEmpty() ? null
                : List.copyOf(experimentArmShares);
        if (experimentArmShares != null && experimentArms != null && experimentArmShares.size() != experimentArms.size()) {
            throw new IllegalArgumentException("experiment_arm_shares must have one share per arm, had "
                    + experimentArmShares.size() + " for " + experimentArms.size() + " arms");
        }
        if (outcome != null && !OUTCOME_ERROR.equals(outcome) && !OUTCOME_TIMEOUT.equals(outcome)) {
            throw new IllegalArgumentException("outcome must be absent (served), error or timeout, was " + outcome);
        }
    }

    /** An event without a filter (the query had none). */
    public QueryEvent(String schema, String eventId, String queryId, String clientId, String sessionId,
                      String userQuery, String transport, String pair, String embedder, String reranker,
                      String routing, String defaultPair, String experiment, Integer experimentVersion, String arm,
                      String unitKind, int topN, int candidatesRequested, boolean queryTruncated,
                      List<Candidate> candidates, List<Result> results, List<String> queryResponseHitIds,
                      Timings timings, String traceId, String timestamp, Boolean partial, List<String> experimentArms,
                      List<Double> experimentArmShares, String outcome) {
        this(schema, eventId, queryId, clientId, sessionId, userQuery, transport, pair, embedder, reranker, routing,
                defaultPair, experiment, experimentVersion, arm, unitKind, topN, candidatesRequested, queryTruncated,
                candidates, results, queryResponseHitIds, timings, traceId, timestamp, partial, experimentArms,
                experimentArmShares, outcome, null);
    }

    /** A query that failed after it was routed: no results, so a report can count errors per arm (a guardrail). */
    public static final String OUTCOME_ERROR = "error";
    /** A query that ran past its deadline after it was routed. */
    public static final String OUTCOME_TIMEOUT = "timeout";

    /** Served, i.e. not a failed query's event ({@link #outcome} absent). */
    public boolean served() {
        return outcome == null;
    }

    /** An event without the arms' shares or an outcome (before they were recorded). */
    public QueryEvent(String schema, String eventId, String queryId, String clientId, String sessionId,
                      String userQuery, String transport, String pair, String embedder, String reranker,
                      String routing, String defaultPair, String experiment, Integer experimentVersion, String arm,
                      String unitKind, int topN, int candidatesRequested, boolean queryTruncated,
                      List<Candidate> candidates, List<Result> results, List<String> queryResponseHitIds,
                      Timings timings, String traceId, String timestamp, Boolean partial, List<String> experimentArms) {
        this(schema, eventId, queryId, clientId, sessionId, userQuery, transport, pair, embedder, reranker, routing,
                defaultPair, experiment, experimentVersion, arm, unitKind, topN, candidatesRequested, queryTruncated,
                candidates, results, queryResponseHitIds, timings, traceId, timestamp, partial, experimentArms, null, null);
    }

    /** An event without the experiment's arm list (before it was recorded). */
    public QueryEvent(String schema, String eventId, String queryId, String clientId, String sessionId,
                      String userQuery, String transport, String pair, String embedder, String reranker,
                      String routing, String defaultPair, String experiment, Integer experimentVersion, String arm,
                      String unitKind, int topN, int candidatesRequested, boolean queryTruncated,
                      List<Candidate> candidates, List<Result> results, List<String> queryResponseHitIds,
                      Timings timings, String traceId, String timestamp, Boolean partial) {
        this(schema, eventId, queryId, clientId, sessionId, userQuery, transport, pair, embedder, reranker, routing,
                defaultPair, experiment, experimentVersion, arm, unitKind, topN, candidatesRequested, queryTruncated,
                candidates, results, queryResponseHitIds, timings, traceId, timestamp, partial, null);
    }

    /** An event of a query the whole index answered ({@code partial} absent). */
    public QueryEvent(String schema, String eventId, String queryId, String clientId, String sessionId,
                      String userQuery, String transport, String pair, String embedder, String reranker,
                      String routing, String defaultPair, String experiment, Integer experimentVersion, String arm,
                      String unitKind, int topN, int candidatesRequested, boolean queryTruncated,
                      List<Candidate> candidates, List<Result> results, List<String> queryResponseHitIds,
                      Timings timings, String traceId, String timestamp) {
        this(schema, eventId, queryId, clientId, sessionId, userQuery, transport, pair, embedder, reranker, routing,
                defaultPair, experiment, experimentVersion, arm, unitKind, topN, candidatesRequested, queryTruncated,
                candidates, results, queryResponseHitIds, timings, traceId, timestamp, null);
    }

    /**
     * An ANN candidate: its embedder dot product and 1-based rank among the candidates. Scores are float32 as the
     * models and Lucene produce them; writing them as doubles would only add digits (and serialisation time).
     */
    public record Candidate(String docId, float annScore, int annRank) {
    }

    /**
     * A result shown to the client: final 1-based rank and score (the reranker's when the pair has one). {@code arm}
     * names the pair that contributed it when the list was interleaved, so clicks can be credited.
     */
    public record Result(String docId, int rank, float score, float annScore, int annRank, String arm) {
        public Result(String docId, int rank, float score, float annScore, int annRank) {
            this(docId, rank, score, annScore, annRank, null);
        }
    }

    /** Stage wall times in milliseconds, as in the search response. */
    public record Timings(double embedMs, double annMs, double rerankMs, double totalMs, double embedQueueMs,
                          double embedInferenceMs, double rerankQueueMs, double rerankInferenceMs) {
    }
}
