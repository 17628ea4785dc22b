package io.stagegate.api.http;

import io.stagegate.Caller;
import jakarta.ws.rs.container.ContainerRequestContext;

/** The caller's X-Client-Id and X-Session-Id headers, checked (a malformed one is a 400 naming the header). */
final class Callers {
    static final String CLIENT = "X-Client-Id";
    static final String SESSION = "X-Session-Id";

    private Callers() {
    }

    static Caller of(ContainerRequestContext context) {
        if (context == null) {
            return Caller.UNKNOWN;
        }
        String client = context.getHeaderString(CLIENT);
        String session = context.getHeaderString(SESSION);
        return client == null && session == null ? Caller.UNKNOWN : new Caller(client, session);
    }
}
