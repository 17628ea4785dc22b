package io.stagegate.events;

/** Where served queries and feedback go. {@link #publish} never blocks and never throws at the caller. */
public interface EventSink {
    void publish(Event event);

    /** Whether events are recorded at all (feedback is refused when they are switched off). */
    default boolean enabled() {
        return true;
    }

    EventSink OFF = new EventSink() {
        @Override
        public void publish(Event event) {
        }

        @Override
        public boolean enabled() {
            return false;
        }
    };
}
