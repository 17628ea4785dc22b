package io.stagegate.batch;

import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener.Outcome;
import io.stagegate.batch.Submission.Item;
import io.stagegate.model.Encoded;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Dynamic batching for one checkpoint on one device (TEI/Infinity/Triton style). Callers submit tokenised items;
 * worker threads repeatedly take the oldest item of the most urgent priority, group items of similar length
 * around it (up to max-batch-size items and max-batch-tokens padded tokens), run the batch and route each output
 * back to its submission. A worker runs what is there as soon as it is free (work-conserving) unless max-wait asks
 * it to hold a non-full batch briefly. The queue is bounded in tokens: beyond it a submission fails at once with
 * OVERLOADED. Cancelled submissions and those past their deadline leave the queue before they are computed.
 */
public final class InferenceBatcher<O> implements AutoCloseable {
    private final String name;
    private final BatchPolicy policy;
    private final BatchRunner<O> runner;
    private final BatchListener listener;
    private final LongSupplier nanoTime;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final BatchQueue queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong computedItems = new AtomicLong();
    /** Real tokens per second of inference, smoothed; 0 until the first batch ran. Guarded by lock. */
    private double tokensPerSecond;
    private final AtomicLong nextSubmission = new AtomicLong();
    private final DeviceGate gate;
    /** When this batcher last ran a background batch while the device was busy (guarded by lock). */
    private long lastForcedBackground;
    private volatile boolean closed;

    /** How often background work (ingest, backfill) may take a turn while interactive work keeps the device busy. */
    static final long BACKGROUND_TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How often a worker holding only low-priority work looks again whether the device became free. */
    private static final long GATE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    /** A batcher alone on its device. */
    public InferenceBatcher(String name, BatchPolicy policy, int workerCount, BatchRunner<O> runner, BatchListener listener,
                            LongSupplier nanoTime) {
        this(name, policy, workerCount, runner, listener, nanoTime, new DeviceGate());
    }

    /** @param gate shared by every batcher on the same device */
    public InferenceBatcher(String name, BatchPolicy policy, int workerCount, BatchRunner<O> runner, BatchListener listener,
                            LongSupplier nanoTime, DeviceGate gate) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("batcher " + name + ": workers must be >= 1, was " + workerCount);
        }
        this.name = name;
        this.policy = policy;
        this.runner = runner;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.gate = gate;
        this.queue = new BatchQueue(policy);
        listener.attach(this);
        for (int i = 0; i < workerCount; i++) {
            Thread t = Thread.ofPlatform().daemon().name("stagegate-batch-" + name + "-" + i).unstarted(this::work);
            workers.add(t);
            t.start();
        }
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** Queues the items, or fails the returned submission at once with OVERLOADED when there is no room. */
    public Submission<O> submit(List<Encoded> inputs, Priority priority, Deadline deadline) {
        return enqueue(inputs, priority, deadline, false);
    }

    /**
     * For background work (ingest): waits for room instead of failing, until the deadline. Interactive traffic can
     * still shed the queued items later.
     */
    public Submission<O> submitWaiting(List<Encoded> inputs, Priority priority, Deadline deadline) {
        return enqueue(inputs, priority, deadline, true);
    }

    private Submission<O> enqueue(List<Encoded> inputs, Priority priority, Deadline deadline, boolean wait) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to submit");
        }
        List<Submission<?>> evicted;
        long now = nanoTime.getAsLong();
        Submission<O> s = new Submission<>(nextSubmission.getAndIncrement(), inputs, priority, deadline, now);
        lock.lock();
        try {
            if (closed) {
                s.fail(ErrorKind.UNAVAILABLE, "batcher " + name + " is shut down");
                return s;
            }
            while (!queue.hasRoom(priority, s.tokens(), tokenLimit())) {
                long left = deadline.atNanos() == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(60) : deadline.atNanos() - now;
                if (!wait || left <= 0) {
                    listener.dropped(Outcome.REFUSED, inputs.size());
                    s.fail(ErrorKind.OVERLOADED, "checkpoint " + name + " is overloaded: " + queue.queuedTokens()
                            + " tokens queued (at most " + tokenLimit() + " may wait ahead, about "
                            + policy.maxQueueDelayNanos() / 1_000_000 + " ms of work); retry later");
                    return s;
                }
                room.awaitNanos(left);
                now = nanoTime.getAsLong();
            }
            evicted = queue.add(s);
            if (priority == Priority.INTERACTIVE) {
                gate.interactive(inputs.size());
            }
            work.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.fail(ErrorKind.UNAVAILABLE, "interrupted while waiting for room in batcher " + name);
            return s;
        } finally {
            lock.unlock();
        }
        for (Submission<?> e : evicted) {
            listener.dropped(Outcome.SHED, e.items.size());
            e.fail(ErrorKind.OVERLOADED, "shed to make room for interactive traffic on checkpoint " + name);
        }
        return s;
    }

    /**
     * Refuses at once, before the caller spends CPU tokenising, when more than max-queue-delay of work already waits:
     * under overload the refused requests must cost next to nothing, or they slow down the accepted ones.
     */
    public void admitOrRefuse(Priority priority) {
        lock.lock();
        try {
            if (queue.tooMuchAhead(priority, tokenLimit())) {
                throw new StagegateException(ErrorKind.OVERLOADED, "checkpoint " + name + " is overloaded: "
                        + queue.queuedTokens() + " tokens queued (about " + policy.maxQueueDelayNanos() / 1_000_000
                        + " ms of work may wait); retry later");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tokens that may wait ahead of a new submission: max-queue-delay worth of work at the measured rate. */
    private long tokenLimit() {
        if (policy.maxQueueDelayNanos() == 0 || tokensPerSecond == 0) {
            return policy.queueTokens();
        }
        return (long) (tokensPerSecond * workers.size() * policy.maxQueueDelayNanos() / 1e9);
    }

    /** Removes the submission's queued items; items already in a running batch finish but their results are dropped. */
    public void cancel(Submission<?> s) {
        int removed;
        lock.lock();
        try {
            removed = queue.remove(s);
            if (s.priority == Priority.INTERACTIVE) {
                gate.interactive(-removed);
            }
            room.signalAll();
        } finally {
            lock.unlock();
        }
        if (removed > 0) {
            listener.dropped(Outcome.CANCELLED, removed);
        }
        s.fail(ErrorKind.UNAVAILABLE, "cancelled");
    }

    /** Items that ran through the model so far (for tests and benchmarks). */
    public long computedItems() {
        return computedItems.get();
    }

    public int queuedItems() {
        lock.lock();
        try {
            return queue.queuedItems();
        } finally {
            lock.unlock();
        }
    }

    public long queuedTokens() {
        lock.lock();
        try {
            return queue.queuedTokens();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            List<Item> batch;
            try {
                batch = nextBatch();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                return;
            }
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    /** Blocks until a batch is ready; null when closed. */
    private List<Item> nextBatch() throws InterruptedException {
        List<Submission<?>> expired = new ArrayList<>();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                Item anchor = queue.oldest();
                if (anchor == null) {
                    if (!expired.isEmpty()) {
                        return List.of(); // tell their callers now, not when the next batch comes
                    }
                    work.await();
                    continue;
                }
                long now = nanoTime.getAsLong();
                if (anchor.owner.deadline.passed(now)) {
                    expired.add(anchor.owner);
                    int removed = queue.remove(anchor.owner);
                    if (anchor.owner.priority == Priority.INTERACTIVE) {
                        gate.interactive(-removed);
                    }
                    room.signalAll();
                    continue;
                }
                if (anchor.owner.priority != Priority.INTERACTIVE && gate.busy()) {
                    // Shadow work waits for a gap (its deadline bounds the wait); background work takes a turn now and
                    // then, so ingest and backfill progress even under sustained load.
                    boolean backgroundTurn = anchor.owner.priority == Priority.BACKGROUND
                            && now - lastForcedBackground >= BACKGROUND_TURN_NANOS;
                    if (!backgroundTurn) {
                        gate.holdBack();
                        work.awaitNanos(GATE_POLL_NANOS);
                        continue;
                    }
                    lastForcedBackground = now;
                }
                long held = now - anchor.owner.enqueuedNanos;
                if (policy.maxWaitNanos() > 0 && held < policy.maxWaitNanos() && queue.queuedItems() < policy.maxBatchSize()) {
                    work.awaitNanos(policy.maxWaitNanos() - held);
                    continue;
                }
                List<Item> batch = queue.takeBatch(anchor);
                room.signalAll();
                return batch;
            }
        } finally {
            lock.unlock();
            for (Submission<?> s : expired) {
                listener.dropped(Outcome.EXPIRED, s.items.size());
                s.fail(ErrorKind.DEADLINE_EXCEEDED, "deadline passed while queued for checkpoint " + name);
            }
        }
    }

    private void run(List<Item> batch) {
        try {
            runBatch(batch);
        } finally {
            if (batch.get(0).owner.priority == Priority.INTERACTIVE) {
                gate.interactive(-batch.size());
            }
        }
    }

    private void runBatch(List<Item> batch) {
        long start = nanoTime.getAsLong();
        List<Encoded> inputs = new ArrayList<>(batch.size());
        long real = 0;
        int width = 0;
        long[] waits = new long[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Item item = batch.get(i);
            inputs.add(item.input);
            real += item.tokens();
            width = Math.max(width, item.tokens());
            waits[i] = start - item.owner.enqueuedNanos;
        }
        List<O> outputs;
        try {
            outputs = runner.run(inputs);
        } catch (RuntimeException | Error e) {
            Set<Submission<?>> owners = new LinkedHashSet<>();
            batch.forEach(i -> owners.add(i.owner));
            listener.dropped(Outcome.FAILED, batch.size());
            StagegateException error = e instanceof StagegateException se ? se
                    : new StagegateException(ErrorKind.INTERNAL, "inference failed on checkpoint " + name + ": " + e, e);
            owners.forEach(o -> o.fail(error));
            return;
        }
        long took = nanoTime.getAsLong() - start;
        computedItems.addAndGet(batch.size());
        listener.batch(batch.size(), real, (long) width * batch.size(), waits, took);
        lock.lock();
        try {
            double rate = real / Math.max(1e-9, took / 1e9);
            tokensPerSecond = tokensPerSecond == 0 ? rate : 0.8 * tokensPerSecond + 0.2 * rate;
            Set<Submission<?>> owners = new LinkedHashSet<>();
            for (int i = 0; i < batch.size(); i++) {
                Item item = batch.get(i);
                if (owners.add(item.owner)) {
                    item.owner.addInference(took);
                }
                item.owner.complete(item.index, outputs.get(i), waits[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
