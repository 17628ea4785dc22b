package io.stagegate.mining;

import io.stagegate.events.Event;
import io.stagegate.events.EventJson;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Parses event JSON of any schema into the events the miner reads; other schemas (shadow comparisons, training
 * examples) are skipped and malformed records counted, never fatal: one bad record must not stop a batch run.
 */
public final class EventSource {
    private final Tally counts;

    public EventSource(Tally counts) {
        this.counts = counts;
    }

    public Optional<Event> parse(byte[] json) {
        String schema = EventJson.schemaOf(json);
        try {
            return switch (schema) {
                case QueryEvent.SCHEMA -> Optional.of(EventJson.read(json, QueryEvent.class));
                case FeedbackEvent.SCHEMA -> Optional.of(EventJson.read(json, FeedbackEvent.class));
                default -> {
                    counts.add(schema.isEmpty() ? "invalid_events" : "other_events_ignored");
                    yield Optional.empty();
                }
            };
        } catch (RuntimeException e) {
            counts.add("invalid_events");
            return Optional.empty();
        }
    }

    /** One event JSON per line; blank lines are skipped. */
    public void readFile(Path file, Consumer<Event> sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    parse(line.getBytes(StandardCharsets.UTF_8)).ifPresent(sink);
                }
            }
        }
    }
}
