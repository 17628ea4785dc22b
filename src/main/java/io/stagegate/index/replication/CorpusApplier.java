package io.stagegate.index.replication;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import io.stagegate.events.TopicCreator;
import io.stagegate.index.DocumentChange;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Applies the documents topic to this replica's index, on one daemon thread: every partition (no consumer group:
 * each replica reads everything), from the offsets committed with the index, or from the beginning for an empty one
 * (the compacted topic is the snapshot), then on as records arrive. Each poll is one atomic upsert that also commits
 * the offsets it reaches. When Kafka fails, it waits and starts again from the committed offsets.
 */
public final class CorpusApplier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CorpusApplier.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final LuceneStore store;
    private final ReplicationSettings settings;
    private final Thread thread;
    private final List<Consumer<List<StoredDocument>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final Object progress = new Object();
    /** Next offset to read per partition, as committed to the index; guarded by {@link #progress}. */
    private final Map<Integer, Long> positions = new HashMap<>();
    /** End offsets seen at the first start; readiness waits until the index reaches them. */
    private Map<Integer, Long> startEnd;
    private volatile boolean caughtUp;
    private volatile long lag = -1;
    private volatile String problem = "not started";
    private volatile boolean closed;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public CorpusApplier(LuceneStore store, ReplicationSettings settings) {
        this.store = store;
        this.settings = settings;
        this.thread = Thread.ofPlatform().daemon().name("stagegate-corpus-applier").unstarted(this::run);
    }

    public CorpusApplier start() {
        thread.start();
        return this;
    }

    public String topic() {
        return settings.topic();
    }

    public LuceneStore store() {
        return store;
    }

    /** Told each applied batch's upserts after it is committed (e.g. to backfill vectors of embedders its records lacked). */
    public void onApplied(Consumer<List<StoredDocument>> listener) {
        listeners.add(listener);
    }

    /** Records applied since this applier started (skipped ones not counted). */
    public long applied() {
        return applied.get();
    }

    /** Records skipped because this version cannot read them or the index refused them (logged each). */
    public long skipped() {
        return skipped.get();
    }

    /** Records in the topic not applied yet, from the last poll; -1 before the first. */
    public long lag() {
        return lag;
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the corpus is not complete yet: Kafka unreachable, or the initial replay still behind; else empty. */
    public Optional<String> notReady() {
        if (caughtUp) {
            return Optional.empty();
        }
        synchronized (progress) {
            if (startEnd == null) {
                return Optional.of("replaying documents topic " + settings.topic() + ": " + problem);
            }
            long behind = 0;
            for (var e : startEnd.entrySet()) {
                behind += Math.max(0, e.getValue() - positions.getOrDefault(e.getKey(), 0L));
            }
            return Optional.of("replaying documents topic " + settings.topic() + ", " + behind + " behind");
        }
    }

    /**
     * Waits until every {@code partition -> offset} given has been applied (committed to the index); false when
     * {@code timeout} passes first.
     */
    public boolean awaitApplied(Map<Integer, Long> offsets, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (!covers(offsets)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private boolean covers(Map<Integer, Long> offsets) {
        return offsets.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), 0L) > e.getValue());
    }

    private void run() {
        while (!closed) {
            try {
                follow();
            } catch (WakeupException e) {
                // close() woke the poll; the loop ends.
            } catch (Exception e) {
                if (closed) {
                    break;
                }
                if (!problem.equals(String.valueOf(e))) {
                    LOG.warnf("documents topic %s at %s: %s; retrying every %d s from the offsets committed with the index",
                            settings.topic(), settings.servers(), e, RETRY.toSeconds());
                }
                problem = String.valueOf(e);
                synchronized (progress) {
                    try {
                        if (!closed) {
                            progress.wait(RETRY.toMillis());
                        }
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private void follow() throws Exception {
        TopicCreator.ensureCompacted(settings.servers(), settings.clientProps(), settings.topic(), settings.partitions(),
                settings.replicationFactor());
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (closed) {
                return;
            }
            List<PartitionInfo> infos = c.partitionsFor(settings.topic(), Duration.ofSeconds(30));
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            Map<Integer, Long> committed = store.committedOffsets(settings.topic());
            for (TopicPartition tp : parts) {
                Long next = committed.get(tp.partition());
                if (next != null) {
                    c.seek(tp, next);
                } else {
                    c.seekToBeginning(List.of(tp));
                }
            }
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(30));
            synchronized (progress) {
                positions.putAll(committed);
                if (startEnd == null) {
                    startEnd = new HashMap<>();
                    end.forEach((tp, o) -> startEnd.put(tp.partition(), o));
                }
            }
            LOG.infof("applying documents topic %s (%d partitions) from %s", settings.topic(), parts.size(),
                    committed.isEmpty() ? "the beginning (empty index)" : "offsets " + committed);
            problem = "";
            checkCaughtUp();
            while (!closed) {
                apply(c, c.poll(Duration.ofMillis(500)), parts);
            }
        } finally {
            consumer = null;
        }
    }

    private void apply(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records, List<TopicPartition> parts) {
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition tp : parts) {
            next.put(tp.partition(), c.position(tp, Duration.ofSeconds(30)));
        }
        long lagNow = 0;
        for (TopicPartition tp : parts) {
            lagNow += c.currentLag(tp).orElse(0);
        }
        lag = lagNow;
        boolean moved;
        synchronized (progress) {
            moved = parts.stream().anyMatch(tp -> !next.get(tp.partition()).equals(positions.get(tp.partition())));
        }
        if (!moved) {
            checkCaughtUp();
            return;
        }
        List<DocumentChange> docs = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                // A tombstone: the id is deleted here as on every replica, in offset order with the upserts around it.
                if (r.key() != null) {
                    docs.add(DocumentChange.delete(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)));
                }
                continue;
            }
            try {
                docs.add(DocumentChange.upsert(DocumentRecords.decode(r.value())));
            } catch (RuntimeException e) {
                skipped.incrementAndGet();
                LOG.errorf("documents topic %s: skipped the record at partition %d offset %d (key %s): %s", r.topic(),
                        r.partition(), r.offset(), r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
                        e.getMessage());
            }
        }
        // Counted before the commit makes them visible, so whoever sees the documents sees them counted.
        applied.addAndGet(docs.size());
        try {
            write(docs, next);
        } catch (RuntimeException e) {
            applied.addAndGet(-docs.size());
            throw e;
        }
        synchronized (progress) {
            positions.putAll(next);
            progress.notifyAll();
        }
        checkCaughtUp();
        List<StoredDocument> upserted = docs.stream().filter(d -> !d.isDelete()).map(DocumentChange::document).toList();
        listeners.forEach(l -> l.accept(upserted));
    }

    /**
     * One atomic upsert with the offsets. A batch the index refuses (e.g. a vector whose dimension differs from this
     * index's field) is applied document by document instead, the refused ones skipped and logged: every replica with
     * the same configuration refuses the same ones, so they still agree, and the applier never stalls on them.
     */
    private void write(List<DocumentChange> docs, Map<Integer, Long> next) {
        try {
            store.apply(docs, settings.topic(), next);
        } catch (StagegateException e) {
            if (e.kind() != ErrorKind.INVALID_REQUEST) {
                throw e;
            }
            List<DocumentChange> kept = new ArrayList<>(docs);
            for (DocumentChange d : docs) {
                try {
                    store.apply(List.of(d), settings.topic(), Map.of());
                } catch (StagegateException one) {
                    if (one.kind() != ErrorKind.INVALID_REQUEST) {
                        throw one;
                    }
                    kept.remove(d);
                    skipped.incrementAndGet();
                    applied.decrementAndGet();
                    LOG.errorf("documents topic %s: the index refused document '%s': %s", settings.topic(),
                            d.id(), one.getMessage());
                }
            }
            docs.retainAll(kept);
            store.apply(List.of(), settings.topic(), next);
        }
    }

    private void checkCaughtUp() {
        if (caughtUp) {
            return;
        }
        synchronized (progress) {
            if (startEnd != null && startEnd.entrySet().stream()
                    .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                caughtUp = true;
                LOG.infof("documents topic %s replayed: %d documents in the index", settings.topic(), store.size());
            }
        }
    }

    private Map<String, Object> consumerProps() {
        Map<String, Object> props = new HashMap<>();
        settings.clientProps().forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                props.put(k, v);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.servers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "stagegate-corpus-applier");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // An offset the index recorded that the topic no longer has (topic re-created): replay it all; upserts are
        // idempotent by id.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        // No interrupt: it would close the index's file channels under a write in progress.
        synchronized (progress) {
            progress.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
