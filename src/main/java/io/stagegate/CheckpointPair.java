package io.stagegate;

import java.util.Optional;

/**
 * The unit that is served, compared and evaluated: an embedder, an optional reranker,
 * the candidate budget K handed to the reranker and the default number of results.
 */
public record CheckpointPair(String id, String embedder, Optional<String> reranker, int candidates, int topN) {
    public CheckpointPair {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("pair id must be non-blank");
        }
        if (embedder == null || embedder.isBlank()) {
            throw new IllegalArgumentException("pair '" + id + "': embedder must be non-blank");
        }
        reranker = reranker == null ? Optional.empty() : reranker;
        if (topN < 1 || topN > SearchRequest.MAX_TOP_N) {
            throw new IllegalArgumentException("pair '" + id + "': top-n must be 1.." + SearchRequest.MAX_TOP_N + ", was " + topN);
        }
        if (candidates < topN || candidates > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("pair '" + id + "': candidates must be " + topN + ".."
                    + SearchRequest.MAX_CANDIDATES + ", was " + candidates);
        }
    }
}
