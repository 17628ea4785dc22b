package io.stagegate.catalog;

import io.stagegate.CheckpointPair;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.DocumentWrites;
import io.stagegate.index.Ingestor;
import io.stagegate.model.ModelCatalog;
import io.stagegate.pipeline.QueryVectorCache;
import io.stagegate.pipeline.SearchPipeline;
import io.stagegate.pipeline.StageExecutors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What one gateway serves, assembled without any framework: the store, one batcher per checkpoint version, a pipeline
 * per pair, and the ingestor that keeps every pair's index covering the corpus. It holds the parts and closes them;
 * each job is one part's ({@link PairRegistry}, {@link Readiness}, {@link Backfills}, {@link CheckpointRollout}).
 * Quarkus wires one for serving ({@code app.GatewayProducer}); CLI commands wire their own.
 */
public final class Gateway implements AutoCloseable {
    private final DocumentStore store;
    private final ModelCatalog models;
    private final StageExecutors executors;
    private final DocumentWrites writes;
    private final Batchers batchers;
    private final CheckpointVersions versions = new CheckpointVersions();
    private final PipelineAssembler assembler;
    private final Ingestor ingestor;
    private final PairRegistry registry;
    private final Readiness readiness;
    private final Backfills backfills;
    private final CheckpointRollout rollout;
    private final QueryVectorCache queryCache;

    public static GatewayBuilder builder(DocumentStore store, ModelCatalog models, StageExecutors executors) {
        return new GatewayBuilder(store, models, executors);
    }

    Gateway(DocumentStore store, ModelCatalog models, StageExecutors executors, Batchers.Settings batching,
                   QueryVectorCache queryCache, DocumentWrites writes, LongSupplier nanoTime,
                   Map<String, CheckpointPair> pairs, String defaultPair) {
        this.store = store;
        this.models = models;
        this.executors = executors;
        this.queryCache = queryCache;
        this.batchers = new Batchers(models, batching, nanoTime);
        this.writes = writes;
        try {
            this.assembler = new PipelineAssembler(store, models, batchers, versions, executors, queryCache, nanoTime);
            pairs.values().forEach(assembler::check);
            Map<String, SearchPipeline> initial = new LinkedHashMap<>();
            pairs.values().forEach(p -> initial.put(p.id(), assembler.assemble(p)));
            List<BatchedEmbedder> embedders = pairs.values().stream().flatMap(p -> p.embedders().stream()).distinct()
                    .map(this::embedder).toList();
            this.ingestor = new Ingestor(store, writes, embedders);
            this.registry = new PairRegistry(assembler, batchers, versions, ingestor, initial, defaultPair);
        } catch (RuntimeException e) {
            batchers.close();
            throw e;
        }
        this.readiness = new Readiness(store, writes, registry, versions);
        this.backfills = new Backfills(store, ingestor, registry, batchers, versions);
        this.rollout = new CheckpointRollout(models, batchers, versions, registry, ingestor);
    }

    /** Served pairs and the default: add, remove, promote. */
    public PairRegistry registry() {
        return registry;
    }

    public Readiness readiness() {
        return readiness;
    }

    public Backfills backfills() {
        return backfills;
    }

    public CheckpointRollout rollout() {
        return rollout;
    }

    public CheckpointVersions versions() {
        return versions;
    }

    /** Assembles pipelines for pairs this gateway does not register (the evaluation grid). */
    public PipelineAssembler assembler() {
        return assembler;
    }

    public SearchPipeline pipeline(String pairId) {
        return registry.pipeline(pairId);
    }

    public CheckpointPair pair(String pairId) {
        return registry.pair(pairId);
    }

    public Map<String, CheckpointPair> pairs() {
        return registry.pairs();
    }

    public String defaultPair() {
        return registry.defaultPair();
    }

    public Optional<String> notReady(String pairId) {
        return readiness.notReady(pairId);
    }

    /** The checkpoint version an id names now. */
    public String resolve(String checkpointId) {
        return versions.resolve(checkpointId);
    }

    /** Why this replica's corpus is incomplete (replaying the documents topic), or empty. */
    public Optional<String> corpusNotReady() {
        return readiness.corpusNotReady();
    }

    /** Stops serving a pair; a pair later created under its id must earn readiness again. */
    public void removePair(String pairId) {
        registry.remove(pairId);
        readiness.forget(pairId);
    }

    /** The batched embedder of the version a checkpoint id names now. */
    public BatchedEmbedder embedder(String checkpointId) {
        return batchers.embedder(versions.resolve(checkpointId));
    }

    /** The batched cross-encoder of the version a checkpoint id names now. */
    public BatchedCrossEncoder crossEncoder(String checkpointId) {
        return batchers.crossEncoder(versions.resolve(checkpointId));
    }

    /** Interactive items queued or running now on the device that runs the pair's embedder. */
    public int interactiveLoad(CheckpointPair pair) {
        return batchers.interactiveLoad(pair.embedder());
    }

    public DocumentStore store() {
        return store;
    }

    public ModelCatalog catalog() {
        return models;
    }

    public StageExecutors executors() {
        return executors;
    }

    public Ingestor ingestor() {
        return ingestor;
    }

    public DocumentWrites writes() {
        return writes;
    }

    public QueryVectorCache queryCache() {
        return queryCache;
    }

    @Override
    public void close() {
        // First: the applier writes to the store, and an ingest waiting for it must not wait on a closed one.
        writes.close();
        batchers.close();
        executors.close();
        store.close();
        models.close();
    }
}
