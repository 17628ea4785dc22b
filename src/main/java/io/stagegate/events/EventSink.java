package io.stagegate.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where served queries and feedback go. {@link #publish} never blocks and never throws at the caller. */
public interface EventSink {
    /** The stage of an event that needs no waiting (buffered, or events off). */
    CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    /**
     * Hands an event over. The stage completes once the event is as safe as this sink makes it, so a caller can hold its
     * response until then without blocking a thread: at once for a buffered sink (which promises only the hand-off); for
     * a write-ahead sink, once the group commit holding the event is in the spool (forced to disk when the fsync policy
     * says so). A write-ahead sink fails the stage (UNAVAILABLE) when the event was dropped. A stage may complete on
     * the sink's writer thread: dependent callbacks must stay short.
     */
    CompletionStage<Void> publish(Event event);

    /** Whether events are recorded at all (feedback is refused when they are switched off). */
    default boolean enabled() {
        return true;
    }

    EventSink OFF = new EventSink() {
        @Override
        public CompletionStage<Void> publish(Event event) {
            return DONE;
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
