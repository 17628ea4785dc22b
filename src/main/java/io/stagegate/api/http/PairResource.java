package io.stagegate.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.stagegate.CheckpointPair;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.StagegateException;
import io.stagegate.catalog.PairAdmin;
import io.stagegate.catalog.PairDefinition;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * GET /v1/pairs: what can be named in a search, how each pair retrieves and re-ranks, and whether it is ready;
 * POST/DELETE /v1/admin/pairs create and delete pairs at runtime, .../promote makes one the default (admin role).
 * A new pair's index is built in the background; its progress shows here.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PairResource {
    @Inject
    PairAdmin pairs;

    public record FusionView(String method, int rrfK, List<Double> weights, String normalization) {
        static FusionView of(Fusion f) {
            return new FusionView(f.method().wireName(), f.rrfK(), f.weights(), f.normalization().wireName());
        }
    }

    public record RescoreView(List<String> embedders, boolean bm25, FusionView fusion) {
    }

    /** {@code fusion} only for hybrid pairs, {@code rescore} only when the second stage rescores. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PairView(String id, String embedder, String reranker, int candidates, int topN, boolean isDefault,
                           String origin, boolean ready, int indexedDocuments, int corpusSize, String backfill,
                           String retriever, String lexical, FusionView fusion, String secondStage, RescoreView rescore) {
        static PairView of(PairAdmin.Status s) {
            CheckpointPair p = s.pair();
            RescoreView rescore = p.secondStage() instanceof SecondStage.Rescoring r
                    ? new RescoreView(r.embedders(), r.bm25(), FusionView.of(r.fusion())) : null;
            return new PairView(p.id(), p.embedder(), p.reranker().orElse(null), p.candidates(), p.topN(), s.isDefault(),
                    s.origin(), s.ready(), s.indexedDocuments(), s.corpusSize(), s.backfill(), p.retriever().wireName(),
                    p.lexical().orElse(null), p.retriever() == Retriever.HYBRID ? FusionView.of(p.fusion()) : null,
                    p.secondStage().kind(), rescore);
        }
    }

    @GET
    @Path("/pairs")
    @Operation(summary = "Pairs: how each retrieves and re-ranks, readiness and backfill progress")
    public List<PairView> list() {
        return pairs.list().stream().map(PairView::of).toList();
    }

    @GET
    @Path("/admin/pairs")
    @Operation(summary = "Pairs (admin view; same as /v1/pairs)")
    public List<PairView> adminList() {
        return list();
    }

    @POST
    @Path("/admin/pairs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a pair from known checkpoints ({id, embedder, retriever?, lexical?, fusion?, reranker? | "
            + "rescore?, candidates?, topN?}, as stagegate.pairs.<id>.*); its index is built in the background")
    public Response create(PairDefinition body) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a pair object {id, embedder, ...}");
        }
        return Response.status(201).entity(PairView.of(pairs.create(body))).build();
    }

    @POST
    @Path("/admin/pairs/{id}/promote")
    @Operation(summary = "Make a ready pair the default, persisted across restarts")
    public PairView promote(@PathParam("id") String id) {
        return PairView.of(pairs.promote(id));
    }

    @DELETE
    @Path("/admin/pairs/{id}")
    @Operation(summary = "Stop serving a runtime pair (refused while an experiment uses it or it is the default)")
    public Response delete(@PathParam("id") String id) {
        pairs.delete(id);
        return Response.noContent().build();
    }
}
