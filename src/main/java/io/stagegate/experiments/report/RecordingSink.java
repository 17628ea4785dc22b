package io.stagegate.experiments.report;

import io.stagegate.events.Event;
import io.stagegate.events.EventSink;
import java.util.concurrent.CompletionStage;

/** Hands every event to the live experiment log and then to the real sink. */
public final class RecordingSink implements EventSink {
    private final EventSink delegate;
    private final ExperimentLog log;

    public RecordingSink(EventSink delegate, ExperimentLog log) {
        this.delegate = delegate;
        this.log = log;
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        log.record(event);
        return delegate.publish(event);
    }

    @Override
    public boolean enabled() {
        return delegate.enabled();
    }
}
