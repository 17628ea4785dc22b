package io.stagegate;

/** Who sent a request, as the client says (X-Client-Id / X-Session-Id, or gRPC metadata); both optional. */
public record Caller(String clientId, String sessionId) {
    public static final Caller UNKNOWN = new Caller(null, null);

    /** What a client, session or query id may be: 1-128 of [A-Za-z0-9._:-]. */
    public static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public Caller {
        checkOptionalId("X-Client-Id", clientId);
        checkOptionalId("X-Session-Id", sessionId);
    }

    /** Refuses an id that is present but not {@link #ID}, naming the field. */
    public static void checkOptionalId(String field, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            throw StagegateException.invalid(field + " must be 1-128 characters of [A-Za-z0-9._:-], was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
        }
    }
}
