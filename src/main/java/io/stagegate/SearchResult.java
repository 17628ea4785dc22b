package io.stagegate;

import java.util.List;

/**
 * What one query returns: ranked hits, the pair that served it, per-stage timings and whether the query was cut.
 * {@code candidates} are all K ANN candidates in ANN order (what the query event reports to trainers). {@code partial}:
 * a distributed index answered without some of its shards (only when configured to tolerate that).
 */
public record SearchResult(String requestId, String pairId, List<ScoredDocument> hits, List<Candidate> candidates,
                           StageTimings timings, boolean queryTruncated, int queryTokens, boolean partial) {
    public SearchResult {
        hits = List.copyOf(hits);
        candidates = List.copyOf(candidates);
    }

    /** A result from the whole index. */
    public SearchResult(String requestId, String pairId, List<ScoredDocument> hits, List<Candidate> candidates,
                        StageTimings timings, boolean queryTruncated, int queryTokens) {
        this(requestId, pairId, hits, candidates, timings, queryTruncated, queryTokens, false);
    }
}
