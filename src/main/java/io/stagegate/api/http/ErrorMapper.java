package io.stagegate.api.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure to an HTTP status and a {@link Problem} body, in this one place. */
public class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    public static int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case OVERLOADED -> 429;
            case INTERNAL -> 500;
            case UNAVAILABLE -> 503;
            case DEADLINE_EXCEEDED -> 504;
        };
    }

    static Response problem(ErrorKind kind, String message, String requestId) {
        Response.ResponseBuilder builder = Response.status(status(kind))
                .type(MediaType.APPLICATION_JSON)
                .header(RequestIds.HEADER, requestId)
                .entity(new Problem(kind.name(), message, requestId));
        if (kind == ErrorKind.OVERLOADED || kind == ErrorKind.UNAVAILABLE) {
            builder.header("Retry-After", "1");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response stagegate(StagegateException e, ContainerRequestContext request) {
        if (e.kind() == ErrorKind.INTERNAL) {
            LOG.errorf(e, "request %s failed", RequestIds.of(request));
        }
        return problem(e.kind(), e.getMessage(), RequestIds.of(request));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, ContainerRequestContext request) {
        return problem(ErrorKind.INVALID_REQUEST, describe(e), RequestIds.of(request));
    }

    /** Quarkus ships a body-less 400 mapper for this exact type; ours must be as specific to win. */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e,
                               ContainerRequestContext request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException j) {
            return json(j, request);
        }
        if (cause instanceof StagegateException s) {
            return stagegate(s, request);
        }
        int status = e.getResponse().getStatus();
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.NOT_FOUND;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 401 -> ErrorKind.UNAUTHENTICATED;
            case 403 -> ErrorKind.FORBIDDEN;
            case 409 -> ErrorKind.CONFLICT;
            default -> status >= 500 ? ErrorKind.INTERNAL : ErrorKind.INVALID_REQUEST;
        };
        // Keep the framework's status (405, 406, 415...) but speak our problem shape.
        return Response.fromResponse(problem(kind, e.getMessage(), RequestIds.of(request))).status(status).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, ContainerRequestContext request) {
        String id = RequestIds.of(request);
        LOG.errorf(e, "request %s failed unexpectedly", id);
        return problem(ErrorKind.INTERNAL, "internal error; quote request id " + id, id);
    }

    /** Names the field (JSON path) and the problem, without Jackson's class names. */
    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return "malformed JSON: " + e.getOriginalMessage();
        }
        if (e instanceof JsonMappingException m) {
            if (m.getCause() instanceof StagegateException s) {
                return s.getMessage();
            }
            String path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (m instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
                String where = path.contains(".") || path.contains("[")
                        ? " in " + path.substring(0, Math.max(path.lastIndexOf('.'), path.lastIndexOf('['))) : "";
                return unknownField(u.getPropertyName(), where.equals(" in ") ? "" : where,
                        u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList());
            }
            String what = m.getOriginalMessage();
            int cut = what.indexOf(" from ");
            if (m instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
                what = "expected " + simpleType(mi.getTargetType());
            } else if (cut > 0) {
                what = what.substring(0, cut);
            }
            return path.isEmpty() ? "invalid request body: " + what : "field '" + path + "' is invalid: " + what;
        }
        return "invalid JSON: " + e.getOriginalMessage();
    }

    /** "unknown field 'weigth' in arms[1]; did you mean 'weight'? (known: pair, weight)" */
    static String unknownField(String name, String where, java.util.List<String> known) {
        String near = io.stagegate.TextChecks.nearest(name, known);
        return "unknown field '" + name + "'" + where + (near == null ? "" : "; did you mean '" + near + "'?")
                + " (known: " + String.join(", ", known) + ")";
    }

    private static String simpleType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
