package io.stagegate.serving;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.catalog.Gateway;
import io.stagegate.pipeline.SearchEvent;

/** Runs a request on a named pair: the seam between routing and the pipelines (tests put failing pairs behind it). */
public interface Searchers {
    CheckpointPair pair(String pairId);

    Uni<SearchResult> search(SearchRequest request);

    Multi<SearchEvent> stream(SearchRequest request);

    /** The query window of a pair's embedder, in tokens. */
    int maxQueryTokens(String pairId);

    /** Why a pair cannot give a full answer yet (its index is still being built), or empty. */
    java.util.Optional<String> notReady(String pairId);

    /** The gateway's pipelines. */
    static Searchers of(Gateway gateway) {
        return new Searchers() {
            @Override
            public CheckpointPair pair(String pairId) {
                return gateway.pair(pairId);
            }

            @Override
            public Uni<SearchResult> search(SearchRequest request) {
                return gateway.pipeline(request.pairId()).search(request);
            }

            @Override
            public Multi<SearchEvent> stream(SearchRequest request) {
                return gateway.pipeline(request.pairId()).stream(request);
            }

            @Override
            public java.util.Optional<String> notReady(String pairId) {
                return gateway.notReady(pairId);
            }

            @Override
            public int maxQueryTokens(String pairId) {
                return gateway.embedder(gateway.pair(pairId).embedder()).embedder().spec().maxLength();
            }
        };
    }
}
