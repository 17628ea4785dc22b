package io.stagegate.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/**
 * Ships the spool to Kafka oldest first and consumes only what Kafka acknowledged, in order, without ever waiting on
 * Kafka: each {@link #step} either starts a round (the oldest spooled records; one alone as a probe while Kafka is
 * failing) or, once the round in flight has settled, commits the acknowledged prefix. Records of a round that Kafka
 * takes late are sent again by the next round, so delivery is at least once: consumers de-duplicate by event_id.
 * Confined to one thread at a time (the publisher's, then the one that closes it).
 */
final class SpoolShipper {
    private static final Logger LOG = Logger.getLogger(SpoolShipper.class);

    /** Records per round, the pause between probes while Kafka fails, and how long a round may wait for acks. */
    record Settings(int batch, Duration retryInterval, Duration roundTimeout) {
    }

    private final Producer<String, byte[]> producer;
    private final Spool spool;
    private final KafkaLink link;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final LongConsumer acked;
    private Round round;
    private long nextRound;

    /** @param acked told how many records Kafka acknowledged, after they are consumed from the spool */
    SpoolShipper(Producer<String, byte[]> producer, Spool spool, KafkaLink link, Settings settings, LongSupplier nanoTime,
                 LongConsumer acked) {
        this.producer = producer;
        this.spool = spool;
        this.link = link;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.acked = acked;
    }

    /** A round in flight: spooled records sent to Kafka, consumed from the spool once acknowledged. */
    private record Round(List<Spool.Entry> entries, List<Future<?>> sent, long deadline) {
        boolean settled(long now) {
            return now >= deadline || sent.size() < entries.size() || sent.stream().allMatch(Future::isDone);
        }
    }

    boolean inFlight() {
        return round != null;
    }

    void step() {
        long now = nanoTime.getAsLong();
        if (round == null) {
            if (!spool.isEmpty() && now >= nextRound) {
                round = start(now);
            }
        } else if (round.settled(now)) {
            finish(round);
            round = null;
        }
    }

    /** At shutdown, with nothing else left to do: ships until the spool is empty, Kafka fails, or the deadline passes. */
    void drain(long deadline) {
        while ((round != null || (!spool.isEmpty() && !link.failing())) && nanoTime.getAsLong() < deadline) {
            step();
            if (round != null) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private Round start(long now) {
        List<Spool.Entry> entries = spool.peek(link.failing() ? 1 : settings.batch());
        link.attempted();
        List<Future<?>> sent = new ArrayList<>(entries.size());
        try {
            for (Spool.Entry e : entries) {
                SpooledRecord r = e.record();
                sent.add(producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value())));
            }
        } catch (RuntimeException e) {
            LOG.debugf("send from the spool refused: %s", e.toString());
        }
        return entries.isEmpty() ? null : new Round(entries, sent, now + settings.roundTimeout().toNanos());
    }

    private void finish(Round r) {
        int ok = 0;
        Throwable error = null;
        for (Future<?> f : r.sent()) {
            error = failure(f);
            if (error != null) {
                break;
            }
            ok++;
        }
        if (ok > 0) {
            spool.commit(r.entries().get(ok - 1), ok);
            acked.accept(ok);
        }
        if (ok == r.entries().size()) {
            link.recovered(spool.pendingRecords());
            nextRound = nanoTime.getAsLong();
        } else {
            link.failed(error != null ? error : new IllegalStateException(ok + " of " + r.entries().size()
                    + " records acknowledged"));
            nextRound = nanoTime.getAsLong() + settings.retryInterval().toNanos();
        }
    }

    /** Why a send failed; null when Kafka acknowledged it. */
    private static Throwable failure(Future<?> f) {
        if (!f.isDone()) {
            return new java.util.concurrent.TimeoutException("no acknowledgement within the replay timeout");
        }
        try {
            f.get();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
