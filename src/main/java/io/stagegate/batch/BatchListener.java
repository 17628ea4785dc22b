package io.stagegate.batch;

/** Told about every batch and every dropped submission; the Micrometer adapter lives at the edge. */
public interface BatchListener {
    /** A batch ran: its size, real and padded tokens, the wait of each item (ns) and the inference time (ns). */
    void batch(int size, long realTokens, long paddedTokens, long[] queueNanos, long inferenceNanos);

    /** Items left the queue without being computed. */
    void dropped(Outcome why, int items);

    /** The batcher this listener serves, once, so gauges can read its queue. */
    default void attach(InferenceBatcher<?> batcher) {
    }

    enum Outcome { CANCELLED, EXPIRED, SHED, REFUSED, FAILED }

    BatchListener NONE = new BatchListener() {
        @Override
        public void batch(int size, long realTokens, long paddedTokens, long[] queueNanos, long inferenceNanos) {
        }

        @Override
        public void dropped(Outcome why, int items) {
        }
    };
}
