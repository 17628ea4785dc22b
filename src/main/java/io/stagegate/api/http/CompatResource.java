package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.StagegateException;
import io.stagegate.serving.EmbedService;
import io.stagegate.serving.RerankService;
import java.util.Optional;
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
    EmbedService embed;

    @Inject
    RerankService rerank;

    @POST
    @Path("/embeddings")
    @Operation(summary = "OpenAI-compatible embeddings")
    public Uni<jakarta.ws.rs.core.Response> embeddings(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "openai", value = ApiExamples.EMBEDDINGS))) CompatBodies.EmbeddingsRequest body) {
        require(body);
        var texts = CompatParser.embeddingInputs(body.input());
        var format = EmbeddingFormat.parse(body.encodingFormat());
        boolean queries = CompatResponses.isQueryInput(body.inputType());
        return embed.embed(new EmbedService.EmbedCall(Optional.ofNullable(body.model()), texts, queries, Optional.empty(),
                "input")).map(e -> timed(CompatResponses.embeddings(e, format), e.queueMs(), e.inferenceMs()));
    }

    @POST
    @Path("/rerank")
    @Operation(summary = "Cohere/Jina/Infinity-compatible rerank")
    public Uni<jakarta.ws.rs.core.Response> rerank(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "cohere", value = ApiExamples.RERANK))) CompatBodies.RerankRequest body, @Context ContainerRequestContext context) {
        require(body);
        var docs = CompatParser.rerankDocuments(body.documents());
        return rerank.rerank(new RerankService.RerankCall(Optional.ofNullable(body.model()), body.query(), docs,
                        Optional.ofNullable(body.topN()), Optional.empty()))
                .map(r -> timed(CompatResponses.rerank(RequestIds.of(context), r, docs,
                        Boolean.TRUE.equals(body.returnDocuments())), r.queueMs(), r.inferenceMs()));
    }

    /** Queue wait and inference time of the request's items, as Server-Timing. */
    private static jakarta.ws.rs.core.Response timed(Object entity, double queueMs, double inferenceMs) {
        return jakarta.ws.rs.core.Response.ok(entity).header("Server-Timing", String.format(java.util.Locale.ROOT,
                "queue;dur=%.2f, inference;dur=%.2f", queueMs, inferenceMs)).build();
    }

    private static void require(Object body) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a JSON object");
        }
    }
}
