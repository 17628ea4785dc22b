package io.stagegate.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.stagegate.StagegateException;
import io.stagegate.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Carries the x-client-id and x-session-id metadata into the call's context for the events, and x-request-id (the
 * same sane-id rule as HTTP's X-Request-Id) as the request id. A malformed caller value is kept as its error, raised
 * inside the call so the client gets INVALID_ARGUMENT naming the key.
 */
@GlobalInterceptor
@ApplicationScoped
public class CallerInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> CLIENT = Metadata.Key.of("x-client-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> SESSION = Metadata.Key.of("x-session-id", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> REQUEST_ID = Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Object> CALLER = Context.key("stagegate-caller");
    private static final Context.Key<String> ID = Context.key("stagegate-request-id");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String client = headers.get(CLIENT);
        String session = headers.get(SESSION);
        String given = headers.get(REQUEST_ID);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,128}") ? given : UUID.randomUUID().toString();
        Context context = Context.current().withValue(ID, id);
        org.jboss.logging.MDC.put("requestId", id);
        if (client == null && session == null) {
            return Contexts.interceptCall(context, call, headers, next);
        }
        Object caller;
        try {
            caller = new Caller(client, session);
        } catch (StagegateException e) {
            caller = StagegateException.invalid(e.getMessage().replace("X-Client-Id", "x-client-id")
                    .replace("X-Session-Id", "x-session-id"));
        }
        return Contexts.interceptCall(context.withValue(CALLER, caller), call, headers, next);
    }

    /** Read on the calling thread (the gRPC context is thread-bound); {@link Captured#require} inside the call. */
    static Captured capture() {
        String id = ID.get(Context.current());
        return new Captured(CALLER.get(Context.current()), id != null ? id : UUID.randomUUID().toString());
    }

    /** The caller of a call (or the error its malformed metadata produced) and the call's request id. */
    record Captured(Object value, String requestId) {
        Caller require() {
            if (value instanceof StagegateException e) {
                throw e;
            }
            return value == null ? Caller.UNKNOWN : (Caller) value;
        }
    }
}
