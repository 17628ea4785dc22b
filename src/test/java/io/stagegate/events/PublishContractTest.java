package io.stagegate.events;

import io.stagegate.Caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.stagegate.Assignment;
import io.stagegate.CheckpointPair;
import io.stagegate.ErrorKind;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.StagegateException;
import io.stagegate.testing.EventSchemas;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * How callers see the publish contract: the query event's stage holds the response until the sink says the event is
 * safe and never fails the search; feedback's stage yields the event ids once all are safe and fails with UNAVAILABLE
 * (a 503 through the error mappers) when one was dropped; buffered sinks cost no waiting at all.
 */
class PublishContractTest {
    /** A sink whose stages the test completes. */
    private static final class HeldSink implements EventSink {
        final List<CompletableFuture<Void>> stages = new ArrayList<>();

        @Override
        public CompletionStage<Void> publish(Event event) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            stages.add(f);
            return f;
        }
    }

    private static final CheckpointPair PAIR = new CheckpointPair("default", "all-minilm-l6-v2", Optional.empty(), 10, 3);

    private static CompletionStage<Void> served(QueryEvents events) {
        SearchRequest request = new SearchRequest("r-1", "black holes", 3, 10, "default", false);
        SearchResult result = new SearchResult("r-1", "default", List.of(), List.of(),
                new StageTimings(1, 1, 0, 2, 0, 1, 0, 0), false, 3);
        return events.served(request, result, Caller.UNKNOWN, "http", Assignment.DEFAULT, List.of(), "default", null);
    }

    private static FeedbackEvents.Signal click(String queryId) {
        return new FeedbackEvents.Signal(queryId, "click", "d-1", 1, null, null, null, null);
    }

    @Test
    void theSearchWaitsForItsEventAndIsAnsweredEvenWhenTheEventIsDropped() {
        HeldSink sink = new HeldSink();
        QueryEvents events = new QueryEvents(sink, id -> PAIR, Clock.systemUTC());
        CompletableFuture<Void> first = served(events).toCompletableFuture();
        CompletableFuture<Void> second = served(events).toCompletableFuture();
        assertFalse(first.isDone(), "the response waits for the event");
        sink.stages.get(0).complete(null);
        assertTrue(first.isDone());
        sink.stages.get(1).completeExceptionally(StagegateException.unavailable("event not recorded: spool full"));
        assertTrue(second.isDone() && !second.isCompletedExceptionally(), "a dropped event never fails the search");
    }

    @Test
    void aFilteredQueryRecordsItsFilterInTheSchemasShape() throws Exception {
        QueryEvents events = new QueryEvents(EventSink.OFF, id -> PAIR, Clock.systemUTC());
        io.stagegate.Filter filter = io.stagegate.Filter.parse(java.util.Map.of("and", List.of(
                java.util.Map.of("term", java.util.Map.of("tenant", "acme")),
                java.util.Map.of("range", java.util.Map.of("year", java.util.Map.of("gte", 2020))))));
        SearchRequest request = new SearchRequest("r-2", "black holes", 3, 10, "default", false,
                io.stagegate.Priority.INTERACTIVE, io.stagegate.Deadline.NONE, filter);
        SearchResult result = new SearchResult("r-2", "default", List.of(), List.of(),
                new StageTimings(1, 1, 0, 2, 0, 1, 0, 0), false, 3);
        byte[] json = EventJson.mapper().writeValueAsBytes(events.event(request, result, Caller.UNKNOWN, "http",
                Assignment.DEFAULT, List.of(), "default", null));
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, json));
        var node = EventJson.mapper().readTree(json).get("filter");
        assertEquals(filter, io.stagegate.Filter.parse(EventJson.mapper().convertValue(node, Object.class)),
                "the recorded filter parses back to the same filter");
    }

    @Test
    void aBufferedSinkCostsNoWaiting() {
        QueryEvents events = new QueryEvents(event -> EventSink.DONE, id -> PAIR, Clock.systemUTC());
        assertSame(EventSink.DONE, served(events));
        assertSame(EventSink.DONE, served(new QueryEvents(EventSink.OFF, id -> PAIR, Clock.systemUTC())));
        FeedbackEvents feedback = new FeedbackEvents(event -> EventSink.DONE, Clock.systemUTC());
        assertTrue(feedback.accept(List.of(click("q-1")), Caller.UNKNOWN).toCompletableFuture().isDone());
    }

    @Test
    void feedbackIsAcceptedOnceEverySignalIsRecordedAndRefusedWhenOneIsDropped() {
        HeldSink sink = new HeldSink();
        FeedbackEvents feedback = new FeedbackEvents(sink, Clock.systemUTC());
        CompletableFuture<List<String>> accepted = feedback.accept(List.of(click("q-1"), click("q-2")), Caller.UNKNOWN)
                .toCompletableFuture();
        sink.stages.get(0).complete(null);
        assertFalse(accepted.isDone(), "the 202 waits for every signal");
        sink.stages.get(1).complete(null);
        assertEquals(2, accepted.join().size());

        CompletionStage<List<String>> refused = feedback.accept(List.of(click("q-3")), Caller.UNKNOWN);
        sink.stages.get(2).completeExceptionally(StagegateException.unavailable("event not recorded: spool full"));
        // The transports wrap the stage in a Uni; the error mappers then see the StagegateException itself (503).
        StagegateException e = assertThrows(StagegateException.class,
                () -> Uni.createFrom().completionStage(refused).await().atMost(Duration.ofSeconds(1)));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        assertInstanceOf(StagegateException.class, e);
    }
}
