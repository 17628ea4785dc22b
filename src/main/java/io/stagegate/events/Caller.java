package io.stagegate.events;

import io.stagegate.StagegateException;

/** Who sent a request, as the client says (X-Client-Id / X-Session-Id, or gRPC metadata); both optional. */
public record Caller(String clientId, String sessionId) {
    public static final Caller UNKNOWN = new Caller(null, null);

    public Caller {
        check("X-Client-Id", clientId);
        check("X-Session-Id", sessionId);
    }

    private static void check(String header, String value) {
        if (value != null && !FeedbackEvent.ID.matcher(value).matches()) {
            throw StagegateException.invalid(header + " must be 1-128 characters of [A-Za-z0-9._:-], was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }
}
