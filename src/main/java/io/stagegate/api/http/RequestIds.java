package io.stagegate.api.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id (the caller's X-Request-Id when it sends a sane one) and echoes it, so a client can quote
 * it and logs can be joined. Also refuses bodies over the configured limit before they are read.
 */
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    static final String PROPERTY = "stagegate.requestId";

    @jakarta.inject.Inject
    io.stagegate.serving.BodyLimit limit;

    @ServerRequestFilter(preMatching = true)
    public jakarta.ws.rs.core.Response assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,128}") ? given : UUID.randomUUID().toString();
        request.setProperty(PROPERTY, id);
        // Request-scoped: Quarkus keeps the logging context per Vert.x (duplicated) context, i.e. per request.
        org.jboss.logging.MDC.put("requestId", id);
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                long bytes = Long.parseLong(length.trim());
                if (bytes > limit.maxBytes()) {
                    return ErrorMapper.problem(io.stagegate.ErrorKind.PAYLOAD_TOO_LARGE, "request body is " + bytes
                            + " bytes; the limit is " + limit.maxBytes() + " (stagegate.limits.max-body-bytes)", id);
                }
            } catch (NumberFormatException e) {
                return ErrorMapper.problem(io.stagegate.ErrorKind.INVALID_REQUEST, "Content-Length is not a number", id);
            }
        }
        return null;
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    static String of(ContainerRequestContext request) {
        Object id = request == null ? null : request.getProperty(PROPERTY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
