package io.stagegate.pipeline;

import io.stagegate.CheckpointPair;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.batch.DeviceGate;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.Ingestor;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.ModelCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The assembled gateway without any framework: a store, the checkpoints each behind one batcher, one pipeline per
 * pair and the ingestor that keeps every pair's embedder index covering the corpus. Pairs can be added and removed
 * while serving; a pair whose embedder index does not cover the corpus yet is not ready. Quarkus wires one for
 * serving; the CLI wires its own.
 */
public final class Gateway implements AutoCloseable {
    private final DocumentStore store;
    private final ModelCatalog catalog;
    private final StageExecutors executors;
    private final Map<String, SearchPipeline> pipelines = new ConcurrentHashMap<>();
    /** Pairs once seen covering the corpus: ingest embeds with every pair's embedder, so they stay covered. */
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private volatile String defaultPair;
    private final Map<String, BatchedEmbedder> embedders = new ConcurrentHashMap<>();
    private final Map<String, BatchedCrossEncoder> rerankers = new ConcurrentHashMap<>();
    private final Ingestor ingestor;
    private final Batching batching;
    private final LongSupplier nanoTime;

    /**
     * How each checkpoint's batcher behaves, who hears about its batches, and the gate of the device it runs on
     * (batchers of one device share it, so shadow and background work yield to interactive work on any of them).
     */
    public record Batching(BatchPolicy policy, Function<String, Integer> workersFor, Function<String, BatchListener> listeners,
                           Function<String, DeviceGate> gates) {
        /** Every checkpoint on one device. */
        public Batching(BatchPolicy policy, Function<String, Integer> workersFor, Function<String, BatchListener> listeners) {
            this(policy, workersFor, listeners, oneDevice());
        }

        private static Function<String, DeviceGate> oneDevice() {
            DeviceGate gate = new DeviceGate();
            return id -> gate;
        }
    }

    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, Batching batching, LongSupplier nanoTime) {
        if (!pairs.containsKey(defaultPair)) {
            throw new IllegalArgumentException("default pair '" + defaultPair + "' is not among " + pairs.keySet());
        }
        this.store = store;
        this.catalog = catalog;
        this.executors = executors;
        this.defaultPair = defaultPair;
        this.batching = batching;
        this.nanoTime = nanoTime;
        pairs.values().forEach(this::checkCheckpoints);
        try {
            pairs.values().forEach(p -> pipelines.put(p.id(), pipelineOf(p)));
        } catch (RuntimeException e) {
            closeBatchers();
            throw e;
        }
        this.ingestor = new Ingestor(store, List.copyOf(embedders.values()));
    }

    public SearchPipeline pipeline(String pairId) {
        SearchPipeline p = pipelines.get(pairId);
        if (p == null) {
            throw StagegateException.notFound("unknown pair '" + pairId + "'; pairs: " + new java.util.TreeSet<>(pipelines.keySet()));
        }
        return p;
    }

    public CheckpointPair pair(String pairId) {
        return pipeline(pairId).pair();
    }

    public String defaultPair() {
        return defaultPair;
    }

    /** Makes another (existing) pair the default. */
    public void setDefaultPair(String pairId) {
        pipeline(pairId);
        defaultPair = pairId;
    }

    /** Every pair, by id, in id order. */
    public Map<String, CheckpointPair> pairs() {
        Map<String, CheckpointPair> out = new java.util.TreeMap<>();
        pipelines.forEach((id, p) -> out.put(id, p.pair()));
        return out;
    }

    /**
     * Serves a new pair (its checkpoints load now, so a broken one fails here). Every later ingest embeds with its
     * embedder; documents already stored get their vectors from {@link #backfill(String, Ingestor.Progress)}.
     */
    public synchronized void addPair(CheckpointPair pair) {
        if (pipelines.containsKey(pair.id())) {
            throw StagegateException.conflict("pair '" + pair.id() + "' exists");
        }
        checkCheckpoints(pair);
        SearchPipeline pipeline = pipelineOf(pair);
        ingestor.addEmbedder(embedder(pair.embedder()));
        pipelines.put(pair.id(), pipeline);
    }

    /** Stops serving a pair (its checkpoints stay loaded: another pair may share them). */
    public synchronized void removePair(String pairId) {
        pipeline(pairId);
        if (pairId.equals(defaultPair)) {
            throw StagegateException.conflict("pair '" + pairId + "' is the default pair; promote another pair first");
        }
        pipelines.remove(pairId);
        ready.remove(pairId);
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
                    batching.listeners().apply(id), nanoTime, batching.gates().apply(id));
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
                    batching.listeners().apply(id), nanoTime, batching.gates().apply(id));
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

    /** Backfills one pair's embedder; blocking (run it on a background thread while serving). */
    public int backfill(String pairId, Ingestor.Progress progress) {
        return ingestor.backfill(embedder(pair(pairId).embedder()), 512, progress);
    }

    /** Why a pair cannot serve a full answer yet (its embedder index does not cover the corpus), or empty. */
    public Optional<String> notReady(String pairId) {
        SearchPipeline p = pipeline(pairId);
        if (ready.containsKey(pairId)) {
            return Optional.empty();
        }
        int size = store.size();
        int covered = p.index().size();
        if (covered >= size) {
            ready.put(pairId, true);
            return Optional.empty();
        }
        return Optional.of(covered + "/" + size + " documents embedded");
    }

    /** Pairs whose embedder index does not cover the corpus, with how much is covered; empty when all are ready. */
    public List<String> unreadyPairs() {
        List<String> out = new ArrayList<>();
        new LinkedHashMap<>(pairs()).keySet().forEach(id -> notReady(id).ifPresent(why -> out.add(id + " (" + why + ")")));
        return out;
    }

    private void checkCheckpoints(CheckpointPair pair) {
        catalog.require(pair.embedder(), CheckpointKind.EMBEDDER);
        pair.reranker().ifPresent(r -> catalog.require(r, CheckpointKind.CROSS_ENCODER));
    }

    private SearchPipeline pipelineOf(CheckpointPair pair) {
        BatchedEmbedder embedder = embedder(pair.embedder());
        Optional<BatchedCrossEncoder> reranker = pair.reranker().map(this::crossEncoder);
        return new SearchPipeline(pair, embedder, store.vectorIndex(embedder.id()), reranker, executors, nanoTime);
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
