package io.stagegate;

import io.stagegate.events.FeedbackEvent;

/** Who sent a request, as the client says (X-Client-Id / X-Session-Id, or gRPC metadata); both optional. */
public record Caller(String clientId, String sessionId) {
    public static final Caller UNKNOWN = new Caller(null, null);

    public Caller {
        FeedbackEvent.checkOptionalId("X-Client-Id", clientId);
        FeedbackEvent.checkOptionalId("X-Session-Id", sessionId);
    }
}
