package io.stagegate.serving;

import io.stagegate.Assignment;
import io.stagegate.SearchResult;
import java.util.List;

/**
 * A served search: the result, how its pair was chosen, and the embedder's query window (for the truncation warning).
 *
 * @param contributedBy for an interleaved result, the pair id that contributed each hit (same order); else empty
 */
public record Served(SearchResult result, Assignment assignment, int maxQueryTokens, List<String> contributedBy) {
    public Served {
        contributedBy = List.copyOf(contributedBy);
        if (!contributedBy.isEmpty() && contributedBy.size() != result.hits().size()) {
            throw new IllegalArgumentException("contributedBy must name one pair per hit: " + contributedBy.size() + " for "
                    + result.hits().size() + " hits");
        }
    }
}
