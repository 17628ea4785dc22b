package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.SearchRequest;
import io.stagegate.events.Caller;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /v1/search: parse, resolve the pair, run its pipeline, write hits and timings. */
@Path("/v1/search")
public class SearchResource {
    @Inject
    Gateway gateway;

    @Inject
    SearchRequests requests;

    @Inject
    SearchMetrics metrics;

    @Inject
    QueryEvents events;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Embed, ANN search and (if the pair has a reranker) rerank; hits with per-stage timings")
    public Uni<Response> search(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "search", value = ApiExamples.SEARCH))) SearchBody body, @Context ContainerRequestContext context) {
        SearchRequest request = requests.from(body, RequestIds.of(context));
        Caller caller = Callers.of(context);
        int maxTokens = requests.maxQueryTokens(request.pairId());
        return gateway.pipeline(request.pairId()).search(request)
                .invoke(result -> {
                    metrics.record(result);
                    events.served(request, result, caller, "http");
                })
                .map(result -> Response.ok(SearchResponse.of(result, maxTokens))
                        .header("Server-Timing", result.timings().serverTiming())
                        .header("X-Stagegate-Pair", result.pairId())
                        .build());
    }
}
