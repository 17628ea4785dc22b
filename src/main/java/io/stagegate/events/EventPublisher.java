package io.stagegate.events;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Ships events to Kafka without ever holding up a search. Callers hand events to a bounded buffer; one thread
 * serialises them and sends them to Kafka directly while Kafka keeps up. When a send fails, or acknowledgements stall
 * for longer than {@code slowAfter}, new events go to the durable {@link Spool} instead, and the thread replays the
 * spool in order (probing with one record while Kafka is down) until it is empty, then goes back to direct sends.
 * Records that were in flight when Kafka failed reach the spool through their failure callbacks. Delivery is at least
 * once (a replay cut short by a timeout may repeat records): consumers de-duplicate by {@code event_id}. This is the
 * {@code buffered} durability: what is still in the buffer or the producer's memory is lost if the process is killed
 * ({@link WriteAheadPublisher} closes that window).
 */
public final class EventPublisher extends SpoolingPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final long TICK_MS = 50;
    private static final long ROUND_TICK_MS = 2;

    /** Buffer size, replay pacing and the shutdown budget (for both publishers; slowAfter is the buffered one's). */
    public record Settings(int bufferCapacity, int replayBatch, Duration retryInterval, Duration replayTimeout,
                           Duration slowAfter, Duration shutdownTimeout, Duration gather) {
        public Settings {
            if (bufferCapacity < 1 || replayBatch < 1) {
                throw new IllegalArgumentException("buffer and replay-batch must be >= 1");
            }
        }

        SpoolShipper.Settings shipping() {
            return new SpoolShipper.Settings(replayBatch, retryInterval, replayTimeout);
        }
    }

    private final BlockingQueue<Event> buffer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    public EventPublisher(Optional<Producer<String, byte[]>> producer, Spool spool, EventTopics topics, Settings settings,
                          LongSupplier nanoTime) {
        super(producer, spool, topics, settings, nanoTime, c -> c.replayed::add);
        this.buffer = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.thread = Thread.ofPlatform().name("stagegate-events").daemon().unstarted(this::run);
        thread.start();
    }

    /** Never waits: the stage is complete at once, whatever becomes of the event (see {@link #counters}). */
    @Override
    public CompletionStage<Void> publish(Event event) {
        counters.offered.increment();
        if (closing || !buffer.offer(event)) {
            counters.droppedBufferFull.increment();
            drops.log(closing ? "the publisher is shut down" : "the event hand-off buffer is full ("
                    + settings.bufferCapacity() + ", stagegate.events.buffer)");
        }
        return DONE;
    }

    @Override
    public Durability durability() {
        return Durability.BUFFERED;
    }

    /** Events waiting in the hand-off buffer (not yet sent or spooled). */
    @Override
    public int buffered() {
        return buffer.size();
    }

    private void run() {
        List<Event> batch = new ArrayList<>();
        while (true) {
            try {
                Event first = buffer.poll(shipper.isPresent() && shipper.get().inFlight() ? ROUND_TICK_MS : TICK_MS,
                        TimeUnit.MILLISECONDS);
                if (first != null) {
                    // Let a few milliseconds of events gather: one wake-up and one spool write per batch instead of
                    // per event, and fewer new producer batches (each wakes the Kafka sender thread).
                    Thread.sleep(settings.gather().toMillis());
                    batch.add(first);
                    buffer.drainTo(batch, 4095);
                    route(batch);
                    batch.clear();
                }
                shipper.ifPresent(SpoolShipper::step);
                spool.syncIfDue();
                if (closing && buffer.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The loop must survive anything (a full disk, a broken record): events keep flowing or get counted.
                LOG.errorf(e, "event publisher loop failed; continuing");
                batch.clear();
            }
        }
    }

    private void route(List<Event> events) {
        List<SpooledRecord> toSpool = new ArrayList<>();
        boolean direct = producer.isPresent() && spool.isEmpty() && !slow();
        for (Event e : events) {
            SpooledRecord r = record(e);
            if (direct) {
                direct = send(r);
                if (!direct) {
                    toSpool.add(r);
                }
            } else {
                toSpool.add(r);
            }
        }
        spool(toSpool);
    }

    /** Sends directly; false when the producer refused at once (then the caller spools it and the rest). */
    private boolean send(SpooledRecord r) {
        if (inFlight.getAndIncrement() == 0) {
            lastProgress.set(nanoTime.getAsLong());
        }
        try {
            producer.get().send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (metadata, error) -> {
                lastProgress.set(nanoTime.getAsLong());
                inFlight.decrementAndGet();
                if (error == null) {
                    counters.published.increment();
                } else {
                    link.failed(error);
                    spool(List.of(r));
                }
            });
            return true;
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            link.failed(e);
            return false;
        }
    }

    /** Acknowledgements have stalled: Kafka is slow or gone, though no send has failed yet. */
    private boolean slow() {
        return link.failing()
                || (inFlight.get() > 0 && nanoTime.getAsLong() - lastProgress.get() > settings.slowAfter().toNanos());
    }

    private void spool(List<SpooledRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int written;
        try {
            written = spool.append(records);
        } catch (UncheckedIOException e) {
            counters.droppedSpoolError.add(records.size());
            drops.log("the event spool cannot be written (" + e.getCause() + ")");
            return;
        }
        counters.spooled.add(written);
        if (written < records.size()) {
            counters.droppedSpoolFull.add(records.size() - written);
            drops.log(drops.spoolFull(spool));
        }
    }

    /**
     * Drains the buffer, replays what Kafka takes within the shutdown budget, closes the producer (records it could
     * not deliver in time reach the spool through their callbacks) and closes the spool.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = nanoTime.getAsLong() + settings.shutdownTimeout().toNanos();
        try {
            thread.join(Math.max(1, settings.shutdownTimeout().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The loop has stopped; finish replaying here, waiting on Kafka now that no search depends on it.
        finishShutdown(deadline);
    }
}
