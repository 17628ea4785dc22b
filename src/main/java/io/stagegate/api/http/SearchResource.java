package io.stagegate.api.http;

import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.SearchRequest;
import io.stagegate.StagegateException;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** POST /v1/search: parse, resolve the pair, run its pipeline, write hits and timings. */
@Path("/v1/search")
public class SearchResource {
    @Inject
    Gateway gateway;

    @Inject
    SearchMetrics metrics;

    @Inject
    io.stagegate.config.StagegateConfig config;

    private io.stagegate.batch.Deadline deadline(Long timeoutMs) {
        if (timeoutMs != null && (timeoutMs < 1 || timeoutMs > 600_000)) {
            throw StagegateException.invalid("timeoutMs must be 1..600000, was " + timeoutMs);
        }
        long nanos = timeoutMs != null ? timeoutMs * 1_000_000L : config.http().defaultTimeout().toNanos();
        return io.stagegate.batch.Deadline.after(System.nanoTime(), nanos);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> search(SearchBody body, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        if (body == null) {
            throw StagegateException.invalid("request body must be a JSON object with at least a 'query' field");
        }
        CheckpointPair pair = gateway.pair(body.pair() == null ? gateway.defaultPair() : body.pair());
        SearchRequest request = SearchRequest.resolve(RequestIds.of(context), body.query(), Optional.ofNullable(body.topN()),
                Optional.ofNullable(body.candidates()), pair, body.includeText() == null || body.includeText(),
                deadline(body.timeoutMs()));
        int maxTokens = gateway.catalog().require(pair.embedder(), io.stagegate.model.CheckpointKind.EMBEDDER).spec().maxLength();
        return gateway.pipeline(pair.id()).search(request)
                .invoke(metrics::record)
                .map(result -> Response.ok(SearchResponse.of(result, maxTokens))
                .header("Server-Timing", result.timings().serverTiming())
                .header("X-Stagegate-Pair", result.pairId())
                .build());
    }
}
