package io.stagegate.pipeline;

import io.stagegate.CheckpointPair;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.Ingestor;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The assembled gateway without any framework: a store, the checkpoints each behind one batcher, one pipeline per
 * pair and the ingestor that keeps every pair's embedder index covering the corpus. Quarkus wires one for serving;
 * the CLI wires its own.
 */
public final class Gateway implements AutoCloseable {
    private final DocumentStore store;
    private final ModelCatalog catalog;
    private final StageExecutors executors;
    private final Map<String, CheckpointPair> pairs;
    private final String defaultPair;
    private final Map<String, SearchPipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, BatchedEmbedder> embedders = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, BatchedCrossEncoder> rerankers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Ingestor ingestor;
    private final Batching batching;
    private final LongSupplier nanoTime;

    /** How each checkpoint's batcher behaves, and who hears about its batches. */
    public record Batching(BatchPolicy policy, Function<String, Integer> workersFor, Function<String, BatchListener> listeners) {
    }

    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, Batching batching, LongSupplier nanoTime) {
        if (!pairs.containsKey(defaultPair)) {
            throw new IllegalArgumentException("default pair '" + defaultPair + "' is not among " + pairs.keySet());
        }
        this.store = store;
        this.catalog = catalog;
        this.executors = executors;
        this.pairs = Map.copyOf(pairs);
        this.defaultPair = defaultPair;
        this.batching = batching;
        this.nanoTime = nanoTime;
        for (CheckpointPair pair : pairs.values()) {
            catalog.require(pair.embedder(), CheckpointKind.EMBEDDER);
            pair.reranker().ifPresent(r -> catalog.require(r, CheckpointKind.CROSS_ENCODER));
        }
        try {
            for (CheckpointPair pair : pairs.values()) {
                BatchedEmbedder embedder = embedder(pair.embedder());
                Optional<BatchedCrossEncoder> reranker = pair.reranker().map(this::crossEncoder);
                pipelines.put(pair.id(), new SearchPipeline(pair, embedder, store.vectorIndex(embedder.id()), reranker,
                        executors, nanoTime));
            }
        } catch (RuntimeException e) {
            closeBatchers();
            throw e;
        }
        this.ingestor = new Ingestor(store, List.copyOf(embedders.values()));
    }

    public SearchPipeline pipeline(String pairId) {
        SearchPipeline p = pipelines.get(pairId);
        if (p == null) {
            throw StagegateException.notFound("unknown pair '" + pairId + "'; pairs: " + pipelines.keySet());
        }
        return p;
    }

    public CheckpointPair pair(String pairId) {
        return pipeline(pairId).pair();
    }

    public String defaultPair() {
        return defaultPair;
    }

    public Map<String, CheckpointPair> pairs() {
        return pairs;
    }

    public DocumentStore store() {
        return store;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public StageExecutors executors() {
        return executors;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    /** The batched embedder of a checkpoint, created (and its model loaded) on first use; lock-free once created. */
    public BatchedEmbedder embedder(String id) {
        BatchedEmbedder e = embedders.get(id);
        return e != null ? e : createEmbedder(id);
    }

    private synchronized BatchedEmbedder createEmbedder(String id) {
        BatchedEmbedder e = embedders.get(id);
        if (e == null) {
            e = new BatchedEmbedder(catalog.embedder(id), batching.policy(), batching.workersFor().apply(id),
                    batching.listeners().apply(id), nanoTime);
            embedders.put(id, e);
        }
        return e;
    }

    /** The batched cross-encoder of a checkpoint, created (and its model loaded) on first use; lock-free once created. */
    public BatchedCrossEncoder crossEncoder(String id) {
        BatchedCrossEncoder r = rerankers.get(id);
        return r != null ? r : createCrossEncoder(id);
    }

    private synchronized BatchedCrossEncoder createCrossEncoder(String id) {
        BatchedCrossEncoder r = rerankers.get(id);
        if (r == null) {
            r = new BatchedCrossEncoder(catalog.crossEncoder(id), batching.policy(), batching.workersFor().apply(id),
                    batching.listeners().apply(id), nanoTime);
            rerankers.put(id, r);
        }
        return r;
    }

    /** Embeds whatever part of the corpus an embedder does not cover yet (new pair, interrupted ingest). */
    public int backfill(Ingestor.Progress progress) {
        int total = 0;
        for (BatchedEmbedder e : ingestor.embedders()) {
            total += ingestor.backfill(e, 512, progress);
        }
        return total;
    }

    /** Pairs whose embedder index does not cover the corpus, with how much is covered; empty when all are ready. */
    public List<String> unreadyPairs() {
        int size = store.size();
        return pipelines.values().stream()
                .filter(p -> p.index().size() < size)
                .map(p -> p.pair().id() + " (" + p.index().size() + "/" + size + " documents embedded)")
                .toList();
    }

    private synchronized void closeBatchers() {
        embedders.values().forEach(BatchedEmbedder::close);
        rerankers.values().forEach(BatchedCrossEncoder::close);
    }

    @Override
    public void close() {
        closeBatchers();
        executors.close();
        store.close();
        catalog.close();
    }
}
