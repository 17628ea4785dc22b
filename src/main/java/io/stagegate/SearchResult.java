package io.stagegate;

import io.stagegate.pipeline.StageTimings;
import java.util.List;

/** What one query returns: ranked hits, the pair that served it, per-stage timings and whether the query was cut. */
public record SearchResult(String requestId, String pairId, List<ScoredDocument> hits, StageTimings timings,
                           boolean queryTruncated, int queryTokens) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
