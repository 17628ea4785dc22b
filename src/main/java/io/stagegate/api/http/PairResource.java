package io.stagegate.api.http;

import io.stagegate.CheckpointPair;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** GET /v1/pairs: what can be named in a search, and whether each pair's index covers the corpus. */
@Path("/v1/pairs")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {
    @Inject
    Gateway gateway;

    public record PairView(String id, String embedder, String reranker, int candidates, int topN, boolean isDefault,
                           int indexedDocuments, int corpusSize) {
    }

    @GET
    public List<PairView> pairs() {
        int size = gateway.store().size();
        return gateway.pairs().values().stream().map(p -> view(p, size)).toList();
    }

    private PairView view(CheckpointPair p, int size) {
        return new PairView(p.id(), p.embedder(), p.reranker().orElse(null), p.candidates(), p.topN(),
                p.id().equals(gateway.defaultPair()), gateway.pipeline(p.id()).index().size(), size);
    }
}
