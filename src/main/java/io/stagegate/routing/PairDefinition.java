package io.stagegate.routing;

import io.stagegate.CheckpointPair;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
import java.util.Optional;

/** A pair as the admin API receives it; {@link #check} names the bad field. */
public record PairDefinition(String id, String embedder, String reranker, Integer candidates, Integer topN) {
    public static final String ID_PATTERN = "[A-Za-z0-9._+-]{1,64}";

    public CheckpointPair check() {
        if (id == null || !id.matches(ID_PATTERN)) {
            throw StagegateException.invalid("id must match " + ID_PATTERN + ", was " + (id == null ? "missing" : "'" + id + "'"));
        }
        if (embedder == null || embedder.isBlank()) {
            throw StagegateException.invalid("embedder must name an embedder checkpoint");
        }
        int n = topN == null ? 10 : topN;
        if (n < 1 || n > SearchRequest.MAX_TOP_N) {
            throw StagegateException.invalid("topN must be 1.." + SearchRequest.MAX_TOP_N + ", was " + n);
        }
        int k = candidates == null ? Math.max(100, n) : candidates;
        if (k < n || k > SearchRequest.MAX_CANDIDATES) {
            throw StagegateException.invalid("candidates must be topN.." + SearchRequest.MAX_CANDIDATES + " (topN=" + n
                    + "), was " + k);
        }
        return new CheckpointPair(id, embedder, Optional.ofNullable(reranker).filter(r -> !r.isBlank()), k, n);
    }

    public static PairDefinition of(CheckpointPair p) {
        return new PairDefinition(p.id(), p.embedder(), p.reranker().orElse(null), p.candidates(), p.topN());
    }
}
