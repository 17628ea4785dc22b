package io.stagegate.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code stagegate.training.v1}: one mined training example in the FlagEmbedding shape ({@code query}, {@code pos},
 * {@code neg} texts) with where it came from in {@code meta} (pair, ranks and scores of every text).
 */
public record TrainingEvent(String schema, String eventId, String queryId, String query, List<String> pos,
                            List<String> neg, Map<String, Object> meta, String timestamp) implements Event {
    public static final String SCHEMA = "stagegate.training.v1";

    public TrainingEvent {
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", was " + schema);
        }
        Objects.requireNonNull(eventId, "event_id");
        Objects.requireNonNull(queryId, "query_id");
        Objects.requireNonNull(query, "query");
        if (pos.isEmpty()) {
            throw new IllegalArgumentException("pos must hold at least one positive text");
        }
        pos = List.copyOf(pos);
        neg = List.copyOf(neg);
        meta = Map.copyOf(meta);
    }
}
