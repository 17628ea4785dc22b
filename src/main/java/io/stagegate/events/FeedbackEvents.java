package io.stagegate.events;

import io.stagegate.Caller;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.stagegate.StagegateException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Builds validated {@code stagegate.feedback.v1} events from what a transport parsed, and publishes them. */
public final class FeedbackEvents {
    private final EventSink sink;
    private final Clock clock;

    public FeedbackEvents(EventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * One signal as a client sends it (camelCase like the rest of the API; UBI's snake_case names are accepted too);
     * client and session fall back to the caller's headers.
     */
    public record Signal(@JsonAlias("query_id") String queryId, @JsonAlias("action_name") String actionName,
                         @JsonAlias("object_id") String objectId, Integer position, Integer grade, String timestamp,
                         @JsonAlias("client_id") String clientId, @JsonAlias("session_id") String sessionId) {
    }

    /**
     * Validates every signal first (all or nothing; throws when one is invalid), then publishes. The stage yields the
     * event ids in order once the events are recorded as the sink's durability promises (a 202 says they are), and
     * fails with UNAVAILABLE when the sink dropped one.
     */
    public CompletionStage<List<String>> accept(List<Signal> signals, Caller caller) {
        if (!sink.enabled()) {
            throw StagegateException.unavailable("events are switched off (stagegate.events.enabled=false); feedback is "
                    + "not recorded");
        }
        List<FeedbackEvent> events = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            try {
                events.add(event(signals.get(i), caller));
            } catch (StagegateException e) {
                throw signals.size() == 1 ? e : StagegateException.invalid("feedback[" + i + "]: " + e.getMessage());
            }
        }
        List<String> ids = events.stream().map(FeedbackEvent::eventId).toList();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (FeedbackEvent e : events) {
            CompletionStage<Void> stage = sink.publish(e);
            if (stage != EventSink.DONE) {
                waiting.add(stage.toCompletableFuture());
            }
        }
        if (waiting.isEmpty()) {
            return CompletableFuture.completedStage(ids);
        }
        return CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).thenApply(done -> ids);
    }

    FeedbackEvent event(Signal s, Caller caller) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, UUID.randomUUID().toString(), s.queryId(), s.actionName(),
                s.objectId(), s.position(), s.grade(), s.clientId() != null ? s.clientId() : caller.clientId(),
                s.sessionId() != null ? s.sessionId() : caller.sessionId(), timestamp(s.timestamp()));
    }

    private String timestamp(String given) {
        if (given == null) {
            return clock.instant().toString();
        }
        try {
            return Instant.parse(given).toString();
        } catch (DateTimeParseException e) {
            throw StagegateException.invalid("timestamp must be an ISO-8601 instant like 2026-11-26T17:50:00Z, was '"
                    + (given.length() > 40 ? given.substring(0, 40) + "…" : given) + "'");
        }
    }
}
