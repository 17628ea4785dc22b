package io.stagegate.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.stagegate.serving.SearchService;
import io.stagegate.Transport;
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
    SearchService search;

    @Inject
    ObjectMapper json;

    @POST
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The same search as Server-Sent Events: candidates, results, done (or error)")
    public Multi<OutboundSseEvent> sse(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "search", value = ApiExamples.SEARCH))) SearchBody body, @Context Sse sse, @Context ContainerRequestContext context) {
        return events(body, context).map(e -> sse.newEventBuilder().name((String) e.get("event")).data(json(e)).build());
    }

    private String json(Map<String, Object> event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event not serialisable", e);
        }
    }

    @POST
    @Produces(DocumentResource.NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same search as NDJSON (Accept: application/x-ndjson)")
    public Multi<Map<String, Object>> ndjson(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "search", value = ApiExamples.SEARCH))) SearchBody body, @Context ContainerRequestContext context) {
        return events(body, context);
    }

    private Multi<Map<String, Object>> events(SearchBody body, ContainerRequestContext context) {
        SearchService.Streamed streamed = search.stream(SearchBodies.call(body, RequestIds.of(context), Callers.of(context),
                Transport.HTTP_STREAM));
        return streamed.events().map(e -> StreamEvents.wire(e, streamed));
    }
}
