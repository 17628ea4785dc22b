package io.stagegate.api.http;

import io.smallrye.mutiny.Multi;
import io.stagegate.SearchRequest;
import io.stagegate.pipeline.Gateway;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Map;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * POST /v1/search/stream: the search's events as Server-Sent Events (default) or NDJSON
 * ({@code Accept: application/x-ndjson}). A client that disconnects cancels the stream and its queued work.
 */
@Path("/v1/search/stream")
@Consumes(MediaType.APPLICATION_JSON)
public class SearchStreamResource {
    @Inject
    Gateway gateway;

    @Inject
    SearchRequests requests;

    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> sse(SearchBody body, @Context Sse sse, @Context ContainerRequestContext context) {
        return events(body, context).map(e -> sse.newEventBuilder().name((String) e.get("event"))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(e).build());
    }

    @POST
    @Produces(DocumentResource.NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Map<String, Object>> ndjson(SearchBody body, @Context ContainerRequestContext context) {
        return events(body, context);
    }

    private Multi<Map<String, Object>> events(SearchBody body, ContainerRequestContext context) {
        SearchRequest request = requests.from(body, RequestIds.of(context));
        int maxTokens = requests.maxQueryTokens(request.pairId());
        return gateway.pipeline(request.pairId()).stream(request).map(e -> StreamEvents.wire(e, maxTokens));
    }
}
