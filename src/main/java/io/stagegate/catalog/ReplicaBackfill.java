package io.stagegate.catalog;

import io.stagegate.index.Ingestor;
import io.stagegate.index.StoredDocument;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Told each batch the documents-topic applier committed: when a record lacks a vector this replica's ingest embeds
 * with (published by a replica that did not have that embedder yet), backfills it here, in the background, as
 * startup does. Backfill stays local on every replica: embedding is deterministic (int8 exports run per item, fp32 is
 * batch-invariant), so replicas compute the same vectors without sharing them.
 */
public final class ReplicaBackfill implements Consumer<List<StoredDocument>> {
    private static final Logger LOG = Logger.getLogger(ReplicaBackfill.class);

    private final Gateway gateway;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public ReplicaBackfill(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void accept(List<StoredDocument> applied) {
        Set<String> wanted = gateway.ingestor().embedders().stream().map(e -> e.id()).collect(Collectors.toSet());
        if (applied.stream().allMatch(d -> d.vectors().keySet().containsAll(wanted))) {
            return;
        }
        again.set(true);
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("stagegate-replica-backfill").start(this::run);
        }
    }

    private void run() {
        try {
            while (again.getAndSet(false)) {
                int n = gateway.backfills().all(Ingestor.Progress.NONE);
                if (n > 0) {
                    LOG.infof("embedded %d documents from the documents topic that lacked a vector of this replica's "
                            + "embedders", n);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("backfill of documents from the documents topic failed (%s); it runs again with the next batch or "
                    + "at startup", e.toString());
        } finally {
            running.set(false);
            // A batch that arrived between the last round and here would otherwise wait for the next one.
            if (again.get() && running.compareAndSet(false, true)) {
                Thread.ofVirtual().name("stagegate-replica-backfill").start(this::run);
            }
        }
    }
}
