package io.stagegate.serving;

import io.stagegate.Caller;
import io.stagegate.StagegateException;
import io.stagegate.events.FeedbackEvents;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Feedback from every transport: how many signals one request may carry, then {@link FeedbackEvents} validates all of
 * them before any is recorded.
 */
public final class FeedbackService {
    private final FeedbackEvents events;
    private final int maxSignals;

    public FeedbackService(FeedbackEvents events, int maxSignals) {
        this.events = events;
        this.maxSignals = maxSignals;
    }

    /**
     * @param field how the caller's wire names the list ({@code feedback array} over HTTP, {@code signals} in gRPC)
     * @return the event ids, once recorded as stagegate.events.durability promises
     */
    public CompletionStage<List<String>> accept(List<FeedbackEvents.Signal> signals, Caller caller, String field) {
        requireCount(signals.size(), field);
        return events.accept(signals, caller);
    }

    /** Refuses a request with no signals or too many (a transport may ask before it parses them). */
    public void requireCount(int count, String field) {
        if (count == 0 || count > maxSignals) {
            throw StagegateException.invalid(field + " must hold 1.." + maxSignals + " signals, held " + count);
        }
    }
}
