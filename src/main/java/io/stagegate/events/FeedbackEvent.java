package io.stagegate.events;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code stagegate.feedback.v1}: one user signal about one result of one query (UBI's {@code action_name},
 * {@code object_id}, {@code position}). The query id need not be known yet (feedback may arrive before, or without,
 * its query event), but the shape is checked here, naming the bad field.
 */
public record FeedbackEvent(String schema, String eventId, String queryId, String actionName, String objectId,
                            Integer position, Integer grade, String clientId, String sessionId, String timestamp)
        implements Event {
    public static final String SCHEMA = "stagegate.feedback.v1";
    public static final Set<String> ACTIONS = Set.of("click", "view", "thumbs_up", "thumbs_down", "relevance");
    /** The same alphabet as request ids, which are the query ids the gateway hands out. */
    public static final Pattern ID = io.stagegate.Caller.ID;
    public static final int MAX_OBJECT_ID = 512;
    public static final int MAX_POSITION = 10_000;
    public static final int MAX_GRADE = 10;

    public FeedbackEvent {
        if (!SCHEMA.equals(schema)) {
            throw io.stagegate.StagegateException.invalid("schema must be " + SCHEMA + ", was " + schema);
        }
        if (queryId == null || !ID.matcher(queryId).matches()) {
            throw io.stagegate.StagegateException.invalid("query_id must be 1-128 characters of [A-Za-z0-9._:-], was "
                    + quoted(queryId));
        }
        if (actionName == null || !ACTIONS.contains(actionName)) {
            throw io.stagegate.StagegateException.invalid("action_name must be one of " + new java.util.TreeSet<>(ACTIONS) + ", was "
                    + quoted(actionName));
        }
        if (objectId == null || objectId.isBlank() || objectId.length() > MAX_OBJECT_ID) {
            throw io.stagegate.StagegateException.invalid("object_id must be a non-blank document id of at most " + MAX_OBJECT_ID
                    + " characters, was " + (objectId == null ? "missing" : objectId.isBlank() ? "blank"
                    : objectId.length() + " characters"));
        }
        if (position != null && (position < 1 || position > MAX_POSITION)) {
            throw io.stagegate.StagegateException.invalid("position must be 1.." + MAX_POSITION + " (1-based), was " + position);
        }
        if ("relevance".equals(actionName) && grade == null) {
            throw io.stagegate.StagegateException.invalid("grade is required for action_name relevance (0.." + MAX_GRADE
                    + ", > 0 means relevant)");
        }
        if (grade != null && !"relevance".equals(actionName)) {
            throw io.stagegate.StagegateException.invalid("grade is only allowed for action_name relevance, not " + actionName);
        }
        if (grade != null && (grade < 0 || grade > MAX_GRADE)) {
            throw io.stagegate.StagegateException.invalid("grade must be 0.." + MAX_GRADE + ", was " + grade);
        }
        checkOptionalId("client_id", clientId);
        checkOptionalId("session_id", sessionId);
        if (eventId == null || timestamp == null) {
            throw io.stagegate.StagegateException.invalid("event_id and timestamp are required");
        }
    }

    /** Clicks, thumbs up and relevance grades above zero say the document answered the query. */
    public boolean positive() {
        return switch (actionName) {
            case "click", "thumbs_up" -> true;
            case "relevance" -> grade > 0;
            default -> false;
        };
    }

    /** Thumbs down and a relevance grade of zero say it did not. */
    public boolean explicitNegative() {
        return "thumbs_down".equals(actionName) || ("relevance".equals(actionName) && grade == 0);
    }

    /** Client and session ids, in events and in the headers they come from, share this alphabet. */
    public static void checkOptionalId(String field, String value) {
        io.stagegate.Caller.checkOptionalId(field, value);
    }

    private static String quoted(String s) {
        return s == null ? "missing" : "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
