package io.stagegate.catalog;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.pipeline.SearchEvent;
import io.stagegate.pipeline.Searchers;
import java.util.Optional;

/** The gateway's pipelines behind the serving seam: each request runs on the pipeline its pair id names now. */
public final class GatewaySearchers implements Searchers {
    private final Gateway gateway;

    public GatewaySearchers(Gateway gateway) {
        this.gateway = gateway;
    }

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
    public Optional<String> notReady(String pairId) {
        return gateway.notReady(pairId);
    }

    @Override
    public int maxQueryTokens(String pairId) {
        return gateway.embedder(gateway.pair(pairId).embedder()).embedder().spec().maxLength();
    }
}
