package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.serving.SearchService;
import io.stagegate.Transport;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** POST /v1/search: the body to a call, the served result to hits, timings and routing. */
@Path("/v1/search")
public class SearchResource {
    @Inject
    SearchService search;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Embed, ANN search and (if the pair has a reranker) rerank; hits with per-stage timings")
    public Uni<Response> search(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "search", value = ApiExamples.SEARCH))) SearchBody body, @Context ContainerRequestContext context) {
        return search.search(SearchBodies.call(body, RequestIds.of(context), Callers.of(context), Transport.HTTP))
                .map(served -> Response.ok(SearchResponse.of(served))
                        .header("Server-Timing", served.result().timings().serverTiming())
                        .header("X-Stagegate-Pair", served.result().pairId())
                        .build());
    }
}
