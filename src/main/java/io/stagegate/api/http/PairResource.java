package io.stagegate.api.http;

import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** GET /v1/pairs: what can be named in a search, how each pair retrieves and re-ranks, and whether it is ready. */
@Path("/v1/pairs")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {
    @Inject
    Gateway gateway;

    public record FusionView(String method, int rrfK, List<Double> weights, String normalization) {
        static FusionView of(Fusion f) {
            return new FusionView(f.method().wireName(), f.rrfK(), f.weights(), f.normalization().wireName());
        }
    }

    public record RescoreView(List<String> embedders, boolean bm25, FusionView fusion) {
    }

    /** {@code fusion} only for hybrid pairs, {@code rescore} only when the second stage rescores. */
    public record PairView(String id, String embedder, String reranker, int candidates, int topN, boolean isDefault,
                           int indexedDocuments, int corpusSize, String retriever, String lexical, FusionView fusion,
                           String secondStage, RescoreView rescore) {
    }

    @GET
    public List<PairView> pairs() {
        int size = gateway.store().size();
        return gateway.pairs().values().stream().map(p -> view(p, size)).toList();
    }

    private PairView view(CheckpointPair p, int size) {
        RescoreView rescore = p.secondStage() instanceof SecondStage.Rescoring r
                ? new RescoreView(r.embedders(), r.bm25(), FusionView.of(r.fusion())) : null;
        return new PairView(p.id(), p.embedder(), p.reranker().orElse(null), p.candidates(), p.topN(),
                p.id().equals(gateway.defaultPair()), gateway.pipeline(p.id()).index().size(), size,
                p.retriever().wireName(), p.lexical().orElse(null),
                p.retriever() == Retriever.HYBRID ? FusionView.of(p.fusion()) : null, p.secondStage().kind(), rescore);
    }
}
