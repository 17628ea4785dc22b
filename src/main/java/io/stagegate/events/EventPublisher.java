package io.stagegate.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
 * once (a replay cut short by a timeout may repeat records): consumers de-duplicate by {@code event_id}.
 */
public final class EventPublisher implements EventSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);
    private static final long TICK_MS = 50;
    private static final long ROUND_TICK_MS = 2;

    /** Buffer size, replay pacing and the shutdown budget. */
    public record Settings(int bufferCapacity, int replayBatch, Duration retryInterval, Duration replayTimeout,
                           Duration slowAfter, Duration shutdownTimeout, Duration gather) {
        public Settings {
            if (bufferCapacity < 1 || replayBatch < 1) {
                throw new IllegalArgumentException("buffer and replay-batch must be >= 1");
            }
        }
    }

    private final Optional<Producer<String, byte[]>> producer;
    private final Spool spool;
    private final EventTopics topics;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final EventCounters counters = new EventCounters();
    private final BlockingQueue<Event> buffer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastProgress = new AtomicLong();
    private final Thread thread;
    private volatile boolean failing;
    private volatile boolean closing;
    private long nextReplay;
    private Round round;
    private long lastDropLog;

    public EventPublisher(Optional<Producer<String, byte[]>> producer, Spool spool, EventTopics topics, Settings settings,
                          LongSupplier nanoTime) {
        this.producer = producer;
        this.spool = spool;
        this.topics = topics;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.thread = Thread.ofPlatform().name("stagegate-events").daemon().unstarted(this::run);
        thread.start();
    }

    @Override
    public void publish(Event event) {
        counters.offered.increment();
        if (closing || !buffer.offer(event)) {
            counters.droppedBufferFull.increment();
            logDrop(closing ? "the publisher is shut down" : "the event hand-off buffer is full ("
                    + settings.bufferCapacity() + ", stagegate.events.buffer)");
        }
    }

    public EventCounters counters() {
        return counters;
    }

    public Spool spool() {
        return spool;
    }

    public boolean kafkaConfigured() {
        return producer.isPresent();
    }

    /** Events waiting in the hand-off buffer (not yet sent or spooled). */
    public int buffered() {
        return buffer.size();
    }

    private void run() {
        List<Event> batch = new ArrayList<>();
        while (true) {
            try {
                Event first = buffer.poll(round == null ? TICK_MS : ROUND_TICK_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    // Let a few milliseconds of events gather: one wake-up and one spool write per batch instead of
                    // per event, and fewer new producer batches (each wakes the Kafka sender thread).
                    Thread.sleep(settings.gather().toMillis());
                    batch.add(first);
                    buffer.drainTo(batch, 4095);
                    route(batch);
                    batch.clear();
                }
                if (producer.isPresent()) {
                    replayStep();
                }
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
            SpooledRecord r = new SpooledRecord(topics.topicFor(e), e.queryId(), EventJson.bytes(e));
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
                    failed(error);
                    spool(List.of(r));
                }
            });
            return true;
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            failed(e);
            return false;
        }
    }

    /** Acknowledgements have stalled: Kafka is slow or gone, though no send has failed yet. */
    private boolean slow() {
        return failing || (inFlight.get() > 0 && nanoTime.getAsLong() - lastProgress.get() > settings.slowAfter().toNanos());
    }

    private void failed(Exception error) {
        if (!failing) {
            failing = true;
            LOG.warnf("Kafka is not accepting events (%s); spooling to %s and replaying when it is back", error.toString(),
                    spool.settings().dir());
        }
    }

    private void spool(List<SpooledRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int written = spool.append(records);
        counters.spooled.add(written);
        if (written < records.size()) {
            counters.droppedSpoolFull.add(records.size() - written);
            logDrop("the event spool is full (" + spool.diskBytes() + " bytes, stagegate.events.spool.max-bytes="
                    + spool.settings().maxBytes() + ")");
        }
    }

    /** A replay round in flight: spooled records sent to Kafka, consumed from the spool once acknowledged. */
    private record Round(List<Spool.Entry> entries, List<Future<?>> sent, long deadline) {
        boolean settled(long now) {
            return now >= deadline || sent.size() < entries.size() || sent.stream().allMatch(Future::isDone);
        }
    }

    /**
     * One step of replay, never waiting on Kafka: starts a round (the oldest spooled records; one alone as a probe while
     * Kafka is failing) or, once the round in flight has settled, consumes what Kafka acknowledged, oldest first.
     */
    private void replayStep() {
        long now = nanoTime.getAsLong();
        if (round == null) {
            if (!spool.isEmpty() && now >= nextReplay) {
                round = startRound(now);
            }
        } else if (round.settled(now)) {
            finish(round);
            round = null;
        }
    }

    private Round startRound(long now) {
        List<Spool.Entry> entries = spool.peek(failing ? 1 : settings.replayBatch());
        List<Future<?>> sent = new ArrayList<>(entries.size());
        try {
            for (Spool.Entry e : entries) {
                SpooledRecord r = e.record();
                sent.add(producer.get().send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
            }
        } catch (RuntimeException e) {
            LOG.debugf("replay send refused: %s", e.toString());
        }
        return entries.isEmpty() ? null : new Round(entries, sent, now + settings.replayTimeout().toNanos());
    }

    private void finish(Round r) {
        int acked = 0;
        for (Future<?> f : r.sent()) {
            if (!f.isDone() || failed(f)) {
                break;
            }
            acked++;
        }
        if (acked > 0) {
            spool.commit(r.entries().get(acked - 1), acked);
            counters.replayed.add(acked);
        }
        if (acked == r.entries().size()) {
            if (failing) {
                failing = false;
                LOG.infof("Kafka is accepting events again; replaying %d spooled events", spool.pendingRecords());
            }
            nextReplay = nanoTime.getAsLong();
        } else {
            // Records of this round that Kafka takes later are sent again by the next round: consumers de-duplicate.
            failing = true;
            nextReplay = nanoTime.getAsLong() + settings.retryInterval().toNanos();
        }
    }

    private static boolean failed(Future<?> done) {
        try {
            done.get();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            return true;
        }
    }

    private void logDrop(String why) {
        long now = nanoTime.getAsLong();
        if (now - lastDropLog > 10_000_000_000L || lastDropLog == 0) {
            lastDropLog = now;
            LOG.errorf("DROPPING events: %s. %s", why, counters);
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
        producer.ifPresent(p -> {
            // The loop has stopped; finish replaying here, waiting on Kafka now that no search depends on it.
            while ((round != null || (!spool.isEmpty() && !failing)) && nanoTime.getAsLong() < deadline) {
                replayStep();
                if (round != null) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            p.close(Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong())));
        });
        spool.close();
        LOG.infof("events at shutdown: %s, %d left in the spool", counters, spool.pendingRecords());
    }
}
