package io.stagegate;

import java.util.Objects;
import java.util.Optional;

/**
 * One query as the pipeline sees it, after transport parsing. topN and candidates are already resolved
 * against the pair's defaults by the caller (see {@link #resolve}); {@code filter} (null: none) is applied by the
 * first stage.
 */
public record SearchRequest(String requestId, String query, int topN, int candidates, String pairId, boolean includeText,
                            Priority priority, Deadline deadline, Filter filter) {
    public static final int MAX_TOP_N = 1000;
    public static final int MAX_CANDIDATES = 1000;
    public static final int MAX_QUERY_CHARS = 16_384;

    public SearchRequest {
        TextChecks.requireVisible("query", query);
        if (query.length() > MAX_QUERY_CHARS) {
            throw StagegateException.invalid("query must be at most " + MAX_QUERY_CHARS + " characters, was " + query.length());
        }
        if (topN < 1 || topN > MAX_TOP_N) {
            throw StagegateException.invalid("topN must be 1.." + MAX_TOP_N + ", was " + topN);
        }
        if (candidates < topN || candidates > MAX_CANDIDATES) {
            throw StagegateException.invalid("candidates must be topN.." + MAX_CANDIDATES + " (topN=" + topN + "), was " + candidates);
        }
        if (pairId == null || pairId.isBlank()) {
            throw StagegateException.invalid("pair must be non-blank");
        }
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** A request without a filter. */
    public SearchRequest(String requestId, String query, int topN, int candidates, String pairId, boolean includeText,
                         Priority priority, Deadline deadline) {
        this(requestId, query, topN, candidates, pairId, includeText, priority, deadline, null);
    }

    /** An interactive request without a deadline (tools, evaluation). */
    public SearchRequest(String requestId, String query, int topN, int candidates, String pairId, boolean includeText) {
        this(requestId, query, topN, candidates, pairId, includeText, Priority.INTERACTIVE, Deadline.NONE);
    }

    /** Builds a request, filling what the caller left out from the pair's defaults. */
    public static SearchRequest resolve(String requestId, String query, Optional<Integer> topN, Optional<Integer> candidates,
                                        CheckpointPair pair, boolean includeText, Deadline deadline, Filter filter) {
        int n = topN.orElse(pair.topN());
        int k = candidates.orElse(Math.max(pair.candidates(), Math.min(n, MAX_CANDIDATES)));
        return new SearchRequest(requestId, query, n, k, pair.id(), includeText, Priority.INTERACTIVE, deadline, filter);
    }
}
