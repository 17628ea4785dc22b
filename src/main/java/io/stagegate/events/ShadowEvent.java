package io.stagegate.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * {@code stagegate.shadow.v1}: one query served by the primary pair and run again, out of band, by a shadow pair (or
 * by the primary itself, for the noise floor), with how alike the two rankings were and what each cost. Keyed by the
 * primary query's id, so it sits on the same partition as the query event.
 *
 * @param outcome    ok, failed, timeout or shed; on failure the comparison fields are absent and {@code error} says why
 * @param kendallTau null when the two top lists share fewer than two documents
 */
public record ShadowEvent(String schema, String eventId, String queryId, String experiment, Integer experimentVersion,
                          String primaryPair, String shadowPair, boolean noiseFloor, String outcome, String error,
                          @JsonProperty("overlap_at_1") Double overlapAt1, @JsonProperty("overlap_at_5") Double overlapAt5,
                          @JsonProperty("overlap_at_10") Double overlapAt10, Double rbo, Double kendallTau,
                          Boolean top1Agreement, double primaryMs, Double shadowMs, List<String> primaryTop10,
                          List<String> shadowTop10, String timestamp) implements Event {
    public static final String SCHEMA = "stagegate.shadow.v1";

    public ShadowEvent {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", was " + schema);
        }
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(queryId, "query_id");
        Objects.requireNonNull(primaryPair, "primary_pair");
        Objects.requireNonNull(shadowPair, "shadow_pair");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(timestamp, "timestamp");
        primaryTop10 = List.copyOf(primaryTop10);
        shadowTop10 = shadowTop10 == null ? null : List.copyOf(shadowTop10);
    }
}
