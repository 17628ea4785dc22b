package io.stagegate.batch;

import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.model.Encoded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One caller's items (a query, or a request's rerank candidates) travelling through the batcher together. Its items
 * may be spread over several batches and share batches with other submissions; results come back in input order.
 * Guarded by the batcher's lock except where noted.
 */
public final class Submission<O> {
    final long id;
    final Priority priority;
    final Deadline deadline;
    final long enqueuedNanos;
    final List<Item> items;
    private final Object[] results;
    private int remaining;
    private long maxQueueNanos;
    private long inferenceNanos;
    private final CompletableFuture<BatchResult<O>> future = new CompletableFuture<>();

    /** What the caller gets: outputs in input order, the longest any item waited and the inference time spent. */
    public record BatchResult<O>(List<O> outputs, long queueNanos, long inferenceNanos) {
    }

    /** One input in the queue. */
    static final class Item {
        final Submission<?> owner;
        final int index;
        final Encoded input;
        boolean queued = true;

        Item(Submission<?> owner, int index, Encoded input) {
            this.owner = owner;
            this.index = index;
            this.input = input;
        }

        int tokens() {
            return input.length();
        }
    }

    Submission(long id, List<Encoded> inputs, Priority priority, Deadline deadline, long nowNanos) {
        this.id = id;
        this.priority = priority;
        this.deadline = deadline;
        this.enqueuedNanos = nowNanos;
        this.items = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            items.add(new Item(this, i, inputs.get(i)));
        }
        this.results = new Object[inputs.size()];
        this.remaining = inputs.size();
    }

    public CompletableFuture<BatchResult<O>> future() {
        return future;
    }

    public Priority priority() {
        return priority;
    }

    long tokens() {
        long t = 0;
        for (Item i : items) {
            t += i.tokens();
        }
        return t;
    }

    boolean done() {
        return future.isDone();
    }

    /** Records one item's output; completes the future when it was the last. */
    @SuppressWarnings("unchecked")
    void complete(int index, Object output, long queueNanos) {
        if (future.isDone()) {
            return;
        }
        results[index] = output;
        maxQueueNanos = Math.max(maxQueueNanos, queueNanos);
        if (--remaining == 0) {
            List<O> out = (List<O>) Arrays.asList(results);
            future.complete(new BatchResult<>(List.copyOf(out), maxQueueNanos, inferenceNanos));
        }
    }

    void addInference(long nanos) {
        inferenceNanos += nanos;
    }

    void fail(ErrorKind kind, String message) {
        future.completeExceptionally(new StagegateException(kind, message));
    }

    void fail(Throwable error) {
        future.completeExceptionally(error);
    }
}
