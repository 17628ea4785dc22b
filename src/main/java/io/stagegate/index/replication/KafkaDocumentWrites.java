package io.stagegate.index.replication;

import io.stagegate.StagegateException;
import io.stagegate.index.DocumentWrites;
import io.stagegate.index.StoredDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Ingest through the documents topic: each document (with its vectors) is published keyed by id, so the latest
 * version of an id is the same on every replica; the call returns once Kafka acknowledged all of them (acks=all,
 * idempotent producer) and this replica's applier has applied them, so the client that ingested reads its documents
 * on this replica at once. Nothing is written locally except by the applier. A batch is atomic per document, not as a
 * whole: when publishing fails part-way, the documents acknowledged before the failure reach every replica, and
 * retrying the request (idempotent by id) completes it.
 */
public final class KafkaDocumentWrites implements DocumentWrites {
    private final Producer<String, byte[]> producer;
    private final CorpusApplier applier;
    private final Duration applyTimeout;

    public KafkaDocumentWrites(Producer<String, byte[]> producer, CorpusApplier applier, Duration applyTimeout) {
        this.producer = producer;
        this.applier = applier;
        this.applyTimeout = applyTimeout;
    }

    public CorpusApplier applier() {
        return applier;
    }

    @Override
    public void write(List<StoredDocument> documents) {
        if (documents.isEmpty()) {
            return;
        }
        String topic = applier.topic();
        List<Future<RecordMetadata>> sent = new ArrayList<>(documents.size());
        Map<Integer, Long> last = new HashMap<>();
        int acked = 0;
        try {
            for (StoredDocument d : documents) {
                sent.add(producer.send(new ProducerRecord<>(topic, d.document().id(), DocumentRecords.encode(d))));
            }
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(m.partition(), m.offset(), Math::max);
                acked++;
            }
        } catch (ExecutionException e) {
            throw failed(topic, documents, acked, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(topic, documents, acked, e);
        } catch (RuntimeException e) {
            throw failed(topic, documents, acked, e);
        }
        awaitApplied(last, documents.size() + " documents were published to topic " + topic);
    }

    /**
     * A tombstone (the id with a null value) per id on the documents topic: every replica's applier deletes the ids in
     * offset order, and compaction later drops the keys from the log. Returns once this replica applied them.
     */
    @Override
    public boolean delete(String id) {
        return delete(List.of(id)) == 1;
    }

    @Override
    public int delete(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String topic = applier.topic();
        int present = (int) ids.stream().distinct().filter(id -> applier.store().get(id).isPresent()).count();
        List<Future<RecordMetadata>> sent = new ArrayList<>(ids.size());
        Map<Integer, Long> last = new HashMap<>();
        try {
            for (String id : ids) {
                sent.add(producer.send(new ProducerRecord<>(topic, id, null)));
            }
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(m.partition(), m.offset(), Math::max);
            }
        } catch (ExecutionException e) {
            throw StagegateException.unavailable("cannot publish deletions to topic " + topic + ": " + e.getCause()
                    + "; those acknowledged reach every replica, retry the request (deleting is idempotent)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StagegateException.unavailable("interrupted publishing deletions to " + topic);
        }
        awaitApplied(last, ids.size() + " deletions were published to topic " + topic);
        return present;
    }

    private void awaitApplied(Map<Integer, Long> last, String what) {
        boolean applied;
        try {
            applied = applier.awaitApplied(last, applyTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            applied = false;
        }
        if (!applied) {
            throw StagegateException.unavailable(what + " but this replica did not apply it within "
                    + applyTimeout.toMillis() + " ms (" + applier.notReady().orElse("lag " + applier.lag())
                    + "); it takes effect once the replica has caught up");
        }
    }

    private static StagegateException failed(String topic, List<StoredDocument> documents, int acked, Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return StagegateException.invalid("a document is too large for a record of topic " + topic + " (" + cause.getMessage()
                    + "); raise max.request.size (stagegate.events.kafka.producer.max.request.size) and the topic's "
                    + "max.message.bytes, or split the document; " + acked + " of " + documents.size()
                    + " documents before it were published");
        }
        return StagegateException.unavailable("cannot publish documents to topic " + topic + ": " + cause + "; "
                + "at least " + acked + " of " + documents.size() + " were acknowledged (they reach every replica); retry the request, "
                + "ingest is idempotent by id");
    }

    @Override
    public Optional<String> notReady() {
        return applier.notReady();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        applier.close();
    }
}
