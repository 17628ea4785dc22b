package io.stagegate;

import java.util.List;

/**
 * What one query returns: ranked hits, the pair that served it, per-stage timings and whether the query was cut.
 * {@code candidates} are all K ANN candidates in ANN order (what the query event reports to trainers).
 */
public record SearchResult(String requestId, String pairId, List<ScoredDocument> hits, List<Candidate> candidates,
                           StageTimings timings, boolean queryTruncated, int queryTokens) {
    public SearchResult {
        hits = List.copyOf(hits);
        candidates = List.copyOf(candidates);
    }
}
