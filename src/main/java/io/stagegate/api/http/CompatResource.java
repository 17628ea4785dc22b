package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.Deadline;
import io.stagegate.StagegateException;
import io.stagegate.TextChecks;
import io.stagegate.config.StagegateConfig;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.catalog.Gateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * OpenAI-shaped {@code /v1/embeddings} and Cohere/Jina/Infinity-shaped {@code /v1/rerank}, so existing clients work
 * unchanged. Both run through the same per-checkpoint batchers as search.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CompatResource {
    @Inject
    Gateway gateway;

    @Inject
    StagegateConfig config;

    @Inject
    DirectInference inference;

    @POST
    @Path("/embeddings")
    @Operation(summary = "OpenAI-compatible embeddings")
    public Uni<jakarta.ws.rs.core.Response> embeddings(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "openai", value = ApiExamples.EMBEDDINGS))) CompatBodies.EmbeddingsRequest body) {
        require(body);
        String model = body.model() != null ? body.model() : gateway.pair(gateway.defaultPair()).embedder();
        var texts = CompatParser.embeddingInputs(body.input(), config.limits().maxEmbeddingInputs());
        var format = EmbeddingFormat.parse(body.encodingFormat());
        boolean queries = CompatResponses.isQueryInput(body.inputType());
        return inference.embed(model, texts, queries, deadline()).map(e -> timed(CompatResponses.embeddings(e, format),
                e.queueMs(), e.inferenceMs()));
    }

    @POST
    @Path("/rerank")
    @Operation(summary = "Cohere/Jina/Infinity-compatible rerank")
    public Uni<jakarta.ws.rs.core.Response> rerank(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "cohere", value = ApiExamples.RERANK))) CompatBodies.RerankRequest body, @Context ContainerRequestContext context) {
        require(body);
        TextChecks.requireVisible("query", body.query());
        var docs = CompatParser.rerankDocuments(body.documents(), config.limits().maxRerankDocuments());
        if (body.topN() != null && body.topN() < 1) {
            throw StagegateException.invalid("top_n must be >= 1, was " + body.topN());
        }
        String model = body.model() != null ? body.model() : CompatResponses.defaultReranker(gateway);
        return inference.rerank(model, body.query(), docs, deadline()).map(s -> timed(CompatResponses.rerank(
                RequestIds.of(context), s, docs, body.topN(), Boolean.TRUE.equals(body.returnDocuments())),
                s.queueMs(), s.inferenceMs()));
    }

    /** Queue wait and inference time of the request's items, as Server-Timing. */
    private static jakarta.ws.rs.core.Response timed(Object entity, double queueMs, double inferenceMs) {
        return jakarta.ws.rs.core.Response.ok(entity).header("Server-Timing", String.format(java.util.Locale.ROOT,
                "queue;dur=%.2f, inference;dur=%.2f", queueMs, inferenceMs)).build();
    }

    private Deadline deadline() {
        return Deadline.after(System.nanoTime(), config.limits().defaultTimeout().toNanos());
    }

    private static void require(Object body) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a JSON object");
        }
    }
}
