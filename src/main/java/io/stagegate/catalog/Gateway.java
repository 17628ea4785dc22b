package io.stagegate.catalog;

import io.stagegate.pipeline.FirstStage;
import io.stagegate.pipeline.QueryVectorCache;
import io.stagegate.pipeline.Rescorer;
import io.stagegate.pipeline.SearchPipeline;
import io.stagegate.pipeline.StageExecutors;

import io.stagegate.CheckpointPair;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.batch.DeviceGate;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.DocumentWrites;
import io.stagegate.index.Ingestor;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.VectorIndex;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The assembled gateway without any framework: a store, the checkpoints each behind one batcher, one pipeline per
 * pair and the ingestor that keeps every pair's embedder index covering the corpus. Pairs can be added and removed
 * while serving; a pair whose stored vectors or BM25 field do not cover the corpus yet is not ready. Quarkus wires
 * one for serving; the CLI wires its own.
 */
public final class Gateway implements AutoCloseable {
    private final DocumentStore store;
    private final ModelCatalog catalog;
    private final StageExecutors executors;
    private final Map<String, SearchPipeline> pipelines = new ConcurrentHashMap<>();
    /** Pairs once seen covering the corpus: ingest embeds with every pair's embedders, so they stay covered. */
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    private volatile String defaultPair;
    private final Map<String, BatchedEmbedder> embedders = new ConcurrentHashMap<>();
    /**
     * Checkpoint ids that currently name another version (a replacement registered at runtime, e.g. emb-s3 → emb-s3@2):
     * pairs, the compat endpoints and ingest keep using the id they know and reach the version behind it.
     */
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, BatchedCrossEncoder> rerankers = new ConcurrentHashMap<>();
    private final Ingestor ingestor;
    private final DocumentWrites writes;
    private final Batching batching;
    private final LongSupplier nanoTime;
    private final QueryVectorCache queryCache;

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

    /** Interactive items queued or running now on the device that runs the pair's embedder. */
    public int interactiveLoad(CheckpointPair pair) {
        return batching.gates().apply(pair.embedder()).interactiveItems();
    }

    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, Batching batching, LongSupplier nanoTime) {
        this(store, catalog, executors, pairs, defaultPair, batching, nanoTime, QueryVectorCache.off());
    }

    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, Batching batching, LongSupplier nanoTime, QueryVectorCache queryCache) {
        this(store, catalog, executors, pairs, defaultPair, batching, nanoTime, queryCache, DocumentWrites.local(store));
    }

    /** As above, with ingested documents going to {@code writes} (e.g. the replicated documents topic); closes it. */
    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, Batching batching, LongSupplier nanoTime, QueryVectorCache queryCache,
                   DocumentWrites writes) {
        if (!pairs.containsKey(defaultPair)) {
            throw new IllegalArgumentException("default pair '" + defaultPair + "' is not among " + pairs.keySet());
        }
        this.store = store;
        this.catalog = catalog;
        this.executors = executors;
        this.defaultPair = defaultPair;
        this.batching = batching;
        this.nanoTime = nanoTime;
        this.queryCache = queryCache;
        pairs.values().forEach(this::check);
        try {
            pairs.values().forEach(p -> pipelines.put(p.id(), assemble(p)));
        } catch (RuntimeException e) {
            closeBatchers();
            throw e;
        }
        this.writes = writes;
        this.ingestor = new Ingestor(store, writes, List.copyOf(embedders.values()));
    }

    /** Why this replica's corpus is incomplete (replaying the documents topic), or empty; pairs aside. */
    public Optional<String> corpusNotReady() {
        return writes.notReady();
    }

    public DocumentWrites writes() {
        return writes;
    }

    /** Fails, naming the field, unless every checkpoint and lexical field the pair reads exists with the right kind. */
    public void check(CheckpointPair pair) {
        List<String> names = pair.embedders();
        for (int i = 0; i < names.size(); i++) {
            String field = i == 0 ? "embedder" : "rescore.embedders[" + (i - 1) + "]";
            requireKind(pair, field, names.get(i), CheckpointKind.EMBEDDER);
        }
        pair.reranker().ifPresent(r -> requireKind(pair, "reranker", r, CheckpointKind.CROSS_ENCODER));
        pair.lexical().ifPresent(l -> {
            if (!store.lexicalAnalyzers().contains(l)) {
                throw StagegateException.invalid("pair '" + pair.id() + "': lexical names '" + l
                        + "', which is not an indexed lexical field; indexed: " + store.lexicalAnalyzers()
                        + " (stagegate.index.lexical)");
            }
        });
    }

    private void requireKind(CheckpointPair pair, String field, String id, CheckpointKind kind) {
        try {
            catalog.require(resolve(id), kind);
        } catch (StagegateException e) {
            throw new StagegateException(e.kind(), "pair '" + pair.id() + "': " + field + ": " + e.getMessage());
        }
    }

    /** The one place a pair becomes a pipeline (configured pairs, runtime pairs and the evaluation grid alike). */
    public SearchPipeline assemble(CheckpointPair pair) {
        List<BatchedEmbedder> queryEmbedders = pair.embedsQueries()
                ? pair.embedders().stream().map(this::embedder).toList() : List.of();
        pair.embedders().forEach(this::embedder);
        VectorIndex dense = store.vectorIndex(resolve(pair.embedder()));
        Optional<LexicalIndex> lexical = pair.lexical().map(store::lexicalIndex);
        FirstStage first = new FirstStage(pair.retriever(), dense,
                pair.retriever() == Retriever.DENSE ? Optional.empty() : lexical, pair.fusion());
        Optional<Rescorer> rescorer = Optional.empty();
        if (pair.secondStage() instanceof SecondStage.Rescoring r) {
            rescorer = Optional.of(new Rescorer(pair.embedders().stream().map(e -> store.vectorIndex(resolve(e))).toList(),
                    r.bm25() ? lexical : Optional.empty(), r.fusion()));
        }
        Optional<BatchedCrossEncoder> reranker = pair.reranker().map(this::crossEncoder);
        return new SearchPipeline(pair, new SearchPipeline.Stages(queryEmbedders, dense, first, reranker, rescorer,
                queryCache), executors, nanoTime);
    }

    public QueryVectorCache queryCache() {
        return queryCache;
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
        Map<String, CheckpointPair> out = new TreeMap<>();
        pipelines.forEach((id, p) -> out.put(id, p.pair()));
        return out;
    }

    /**
     * Serves a new pair (its checkpoints load now, so a broken one fails here). Every later ingest embeds with its
     * embedders; documents already stored get their vectors from {@link #backfill(String, Ingestor.Progress)}.
     */
    public synchronized void addPair(CheckpointPair pair) {
        if (pipelines.containsKey(pair.id())) {
            throw StagegateException.conflict("pair '" + pair.id() + "' exists");
        }
        check(pair);
        SearchPipeline pipeline = assemble(pair);
        pair.embedders().forEach(e -> ingestor.addEmbedder(embedder(e)));
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

    /** The checkpoint version an id names now: itself, unless a replacement took its place. */
    public String resolve(String checkpointId) {
        return versions.getOrDefault(checkpointId, checkpointId);
    }

    /**
     * Makes {@code checkpointId} name {@code version} from now on: every pair that reads it is re-assembled on the new
     * version (each pair swaps in one step) and ingest stops embedding with the old one. The new version's vectors
     * must already cover the corpus.
     */
    public synchronized void swap(String checkpointId, String version) {
        String old = resolve(checkpointId);
        versions.put(checkpointId, version);
        for (SearchPipeline p : List.copyOf(pipelines.values())) {
            CheckpointPair pair = p.pair();
            if (pair.embedders().contains(checkpointId) || pair.reranker().filter(checkpointId::equals).isPresent()) {
                pipelines.put(pair.id(), assemble(pair));
            }
        }
        BatchedEmbedder retired = embedders.get(old);
        if (retired != null && !old.equals(version)) {
            ingestor.removeEmbedder(retired.id());
        }
    }

    /**
     * Closes a checkpoint version nothing resolves to any more (a replaced one, once requests that started on it have
     * had their time) and forgets it.
     */
    public synchronized void retire(String version) {
        if (versions.containsValue(version) || pipelines.values().stream().anyMatch(p -> usesVersion(p.pair(), version))) {
            throw StagegateException.conflict("checkpoint version '" + version + "' is still in use");
        }
        ingestor.removeEmbedder(version);
        BatchedEmbedder e = embedders.remove(version);
        if (e != null) {
            e.close();
        }
        BatchedCrossEncoder r = rerankers.remove(version);
        if (r != null) {
            r.close();
        }
        catalog.remove(version);
    }

    private boolean usesVersion(CheckpointPair pair, String version) {
        return pair.embedders().stream().map(this::resolve).anyMatch(version::equals)
                || pair.reranker().map(this::resolve).filter(version::equals).isPresent();
    }

    /** Embeds every later ingest with this checkpoint version too (before its backfill starts). */
    public void track(String version) {
        ingestor.addEmbedder(embedder(version));
    }

    /** Backfills one checkpoint version's vectors; blocking. */
    public int backfillCheckpoint(String version, Ingestor.Progress progress) {
        return ingestor.backfill(embedder(version), 512, progress);
    }

    /** The batched embedder of a checkpoint, created (and its model loaded) on first use; lock-free once created. */
    public BatchedEmbedder embedder(String id) {
        String version = resolve(id);
        BatchedEmbedder e = embedders.get(version);
        return e != null ? e : createEmbedder(version);
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
        String version = resolve(id);
        BatchedCrossEncoder r = rerankers.get(version);
        return r != null ? r : createCrossEncoder(version);
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

    /**
     * Embeds whatever part of the corpus an embedder does not cover yet (new pair, interrupted ingest), then gives
     * documents stored before a lexical analyzer was configured its BM25 field. Returns the documents embedded.
     */
    public int backfill(Ingestor.Progress progress) {
        int total = 0;
        for (BatchedEmbedder e : ingestor.embedders()) {
            total += ingestor.backfill(e, 512, progress);
        }
        Ingestor.backfillLexical(store, 512);
        return total;
    }

    /** Backfills every embedder one pair reads; blocking (run it on a background thread while serving). */
    public int backfill(String pairId, Ingestor.Progress progress) {
        int total = 0;
        for (String e : pair(pairId).embedders()) {
            total += ingestor.backfill(embedder(e), 512, progress);
        }
        return total;
    }

    /** Why a pair cannot serve a full answer yet (stored vectors or its BM25 field do not cover the corpus), or empty. */
    public Optional<String> notReady(String pairId) {
        CheckpointPair pair = pair(pairId);
        if (ready.containsKey(pairId)) {
            return Optional.empty();
        }
        int size = store.size();
        List<String> gaps = new ArrayList<>();
        for (String e : pair.embedders()) {
            int n = store.vectorIndex(resolve(e)).size();
            if (n < size) {
                gaps.add(n + "/" + size + " documents embedded by " + e);
            }
        }
        pair.lexical().ifPresent(l -> {
            int n = store.lexicalIndex(l).size();
            if (n < size) {
                gaps.add(n + "/" + size + " documents in lexical field " + l);
            }
        });
        if (gaps.isEmpty()) {
            ready.put(pairId, true);
            return Optional.empty();
        }
        return Optional.of(String.join(", ", gaps));
    }

    /** Pairs that are not ready, with what they lack; empty when all are ready. */
    public List<String> unreadyPairs() {
        List<String> out = new ArrayList<>();
        pairs().keySet().forEach(id -> notReady(id).ifPresent(why -> out.add(id + " (" + why + ")")));
        return out;
    }

    private synchronized void closeBatchers() {
        embedders.values().forEach(BatchedEmbedder::close);
        rerankers.values().forEach(BatchedCrossEncoder::close);
    }

    @Override
    public void close() {
        // First: the applier writes to the store, and an ingest waiting for it must not wait on a closed one.
        writes.close();
        closeBatchers();
        executors.close();
        store.close();
        catalog.close();
    }
}
