package io.stagegate.events;

import io.stagegate.StagegateException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.jboss.logging.Logger;

/**
 * The {@code write-ahead} durability: every event is in the spool before its search is answered, and Kafka is fed from
 * the spool alone. Callers enqueue and get a stage; one writer thread takes everything queued, serialises it and
 * appends it with one gathering write (a group commit, forced to disk when the fsync policy is {@code always}), then
 * completes the stages. A second thread ships the spool to Kafka in order and moves the spool's cursor only over what
 * Kafka acknowledged ({@link SpoolShipper}), so a process killed at any point loses no answered event: the next start
 * finds everything past the cursor and ships it (some records perhaps twice: consumers de-duplicate by event_id). The
 * second thread also runs the interval fsync, so no response waits for one unless the policy is {@code always}.
 */
public final class WriteAheadPublisher extends SpoolingPublisher {
    private static final Logger LOG = Logger.getLogger(WriteAheadPublisher.class);
    private static final long TICK_MS = 50;
    private static final long ROUND_TICK_NANOS = 2_000_000;
    private static final int MAX_GROUP = 4096;

    private record Pending(Event event, CompletableFuture<Void> durable) {
    }

    private final BlockingQueue<Pending> queue;
    /** Publishers hold it shared while they enqueue, close takes it alone: nothing is enqueued after the writer's last look. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final Thread writer;
    private final Thread shipping;
    private volatile boolean closing;
    private volatile boolean stopShipping;

    public WriteAheadPublisher(Optional<Producer<String, byte[]>> producer, Spool spool, EventTopics topics,
                               EventPublisher.Settings settings, LongSupplier nanoTime) {
        super(producer, spool, topics, settings, nanoTime, c -> c.published::add);
        this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.writer = Thread.ofPlatform().name("stagegate-events-writer").daemon().start(this::write);
        this.shipping = Thread.ofPlatform().name("stagegate-events").daemon().start(this::background);
    }

    /** Completes once the event is in the spool; fails (UNAVAILABLE) when it was dropped. Never blocks. */
    @Override
    public CompletionStage<Void> publish(Event event) {
        counters.offered.increment();
        CompletableFuture<Void> durable = new CompletableFuture<>();
        boolean queued;
        gate.readLock().lock();
        try {
            queued = !closing && queue.offer(new Pending(event, durable));
        } finally {
            gate.readLock().unlock();
        }
        if (!queued) {
            counters.droppedBufferFull.increment();
            String why = closing ? "the publisher is shut down" : "the write-ahead queue is full ("
                    + settings.bufferCapacity() + ", stagegate.events.buffer)";
            drops.log(why);
            return CompletableFuture.failedStage(StagegateException.unavailable("event not recorded: " + why));
        }
        return durable.minimalCompletionStage();
    }

    @Override
    public Durability durability() {
        return Durability.WRITE_AHEAD;
    }

    /** Events waiting for their group commit. */
    @Override
    public int buffered() {
        return queue.size();
    }

    private void write() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            try {
                Pending first = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    // No waiting to fill the group: whatever queued while the last append ran forms the next one.
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    commit(group);
                    group.clear();
                }
                if (closing && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Never leave a caller waiting: whatever of the group is not yet durable is dropped, counted and failed.
                LOG.errorf(e, "event writer loop failed; continuing");
                drop(group, counters.droppedSpoolError, "the event writer failed (" + e + ")");
                group.clear();
            }
        }
    }

    private void commit(List<Pending> group) {
        List<SpooledRecord> records = new ArrayList<>(group.size());
        for (Pending p : group) {
            records.add(record(p.event()));
        }
        int written;
        try {
            written = spool.append(records);
        } catch (UncheckedIOException e) {
            drop(group, counters.droppedSpoolError, "the event spool cannot be written (" + e.getCause() + ")");
            return;
        }
        counters.spooled.add(written);
        for (int i = 0; i < written; i++) {
            group.get(i).durable().complete(null);
        }
        if (written < group.size()) {
            drop(group, counters.droppedSpoolFull, drops.spoolFull(spool));
        }
    }

    /** Drops the events of the group that are not durable yet. */
    private void drop(List<Pending> group, LongAdder counter, String why) {
        StagegateException e = StagegateException.unavailable("event not recorded: " + why);
        int dropped = 0;
        for (Pending p : group) {
            if (p.durable().completeExceptionally(e)) {
                dropped++;
            }
        }
        counter.add(dropped);
        if (dropped > 0) {
            drops.log(why);
        }
    }

    /** Ships the spool to Kafka and forces it to disk per the interval policy, both off the writer's path. */
    private void background() {
        // Idle, look again only every gather window: fewer, fuller producer batches (as the buffered publisher does).
        long idle = Math.max(ROUND_TICK_NANOS, settings.gather().toNanos());
        while (!stopShipping) {
            try {
                shipper.ifPresent(SpoolShipper::step);
                spool.syncIfDue();
            } catch (RuntimeException e) {
                LOG.errorf(e, "event shipper failed; continuing");
            }
            LockSupport.parkNanos(shipper.isPresent() && shipper.get().inFlight() ? ROUND_TICK_NANOS : idle);
        }
    }

    /**
     * Refuses new events, lets the writer commit what is queued, ships what Kafka takes within the shutdown budget and
     * closes the producer and the spool. What Kafka did not take stays in the spool for the next start.
     */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            closing = true;
        } finally {
            gate.writeLock().unlock();
        }
        long deadline = nanoTime.getAsLong() + settings.shutdownTimeout().toNanos();
        stopShipping = true;
        try {
            writer.join(Math.max(1, settings.shutdownTimeout().toMillis()));
            LockSupport.unpark(shipping);
            shipping.join(Math.max(1, settings.shutdownTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finishShutdown(deadline);
    }
}
