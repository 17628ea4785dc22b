package io.stagegate.pipeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;

/**
 * Runs a request on a named pair: the seam between serving and the pipelines ({@code catalog.GatewaySearchers} serves
 * the gateway's; tests put failing pairs behind it).
 */
public interface Searchers {
    CheckpointPair pair(String pairId);

    Uni<SearchResult> search(SearchRequest request);

    Multi<SearchEvent> stream(SearchRequest request);

    /** The query window of a pair's embedder, in tokens. */
    int maxQueryTokens(String pairId);

    /** Why a pair cannot give a full answer yet (its index is still being built), or empty. */
    java.util.Optional<String> notReady(String pairId);
}
