package io.stagegate.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.stagegate.StagegateException;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.serving.FeedbackService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * POST /v1/feedback: one signal object or an array of them about results of an earlier search (its requestId is the
 * queryId). All are validated before any is recorded; 202 with the event ids.
 */
@Path("/v1/feedback")
public class FeedbackResource {
    @Inject
    FeedbackService feedback;

    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record clicks, views, thumbs and relevance grades for a served query (stagegate.feedback.v1)")
    @Blocking
    public Uni<Response> feedback(@RequestBody(content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "click", value = ApiExamples.FEEDBACK))) JsonNode body, @Context ContainerRequestContext context) throws JsonProcessingException {
        List<FeedbackEvents.Signal> signals = signals(body);
        String requestId = RequestIds.of(context);
        // The 202 waits until the signals are recorded as stagegate.events.durability promises, without holding a thread.
        return Uni.createFrom().completionStage(feedback.accept(signals, Callers.of(context), "feedback array"))
                .map(ids -> Response.accepted(Map.of("accepted", ids.size(), "eventIds", ids, "requestId", requestId))
                        .build());
    }

    private List<FeedbackEvents.Signal> signals(JsonNode body) throws JsonProcessingException {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw StagegateException.invalid("request body must be a feedback object or a JSON array of them");
        }
        if (body.isArray()) {
            feedback.requireCount(body.size(), "feedback array");
        }
        List<FeedbackEvents.Signal> out = new ArrayList<>();
        for (JsonNode node : body.isArray() ? body : List.of(body)) {
            if (!node.isObject()) {
                throw StagegateException.invalid("feedback[" + out.size() + "] must be a JSON object");
            }
            try {
                out.add(json.treeToValue(node, FeedbackEvents.Signal.class));
            } catch (JsonProcessingException e) {
                String problem = ErrorMapper.describe(e);
                throw StagegateException.invalid(body.isArray() ? "feedback[" + out.size() + "]: " + problem : problem);
            }
        }
        return out;
    }
}
