package io.stagegate.catalog;

import io.stagegate.CheckpointPair;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.DocumentWrites;
import io.stagegate.model.ModelCatalog;
import io.stagegate.pipeline.QueryVectorCache;
import io.stagegate.pipeline.StageExecutors;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Names the parts of a {@link Gateway} one at a time: the store, models and executors are required; batching, the
 * query-vector cache, where ingest writes and the clock have defaults (one device, off, the store itself, the system
 * clock).
 */
public final class GatewayBuilder {
    private final DocumentStore store;
    private final ModelCatalog models;
    private final StageExecutors executors;
    private Batchers.Settings batching;
    private QueryVectorCache queryCache = QueryVectorCache.off();
    private DocumentWrites writes;
    private LongSupplier nanoTime = System::nanoTime;

    GatewayBuilder(DocumentStore store, ModelCatalog models, StageExecutors executors) {
        this.store = Objects.requireNonNull(store, "store");
        this.models = Objects.requireNonNull(models, "models");
        this.executors = Objects.requireNonNull(executors, "executors");
    }

    public GatewayBuilder batching(Batchers.Settings settings) {
        this.batching = settings;
        return this;
    }

    public GatewayBuilder queryCache(QueryVectorCache cache) {
        this.queryCache = cache;
        return this;
    }

    /** Where ingested documents go (e.g. the replicated documents topic); the gateway closes it. */
    public GatewayBuilder writes(DocumentWrites writes) {
        this.writes = writes;
        return this;
    }

    public GatewayBuilder nanoTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        return this;
    }

    /** Loads every pair's checkpoints and serves them, {@code defaultPair} by default. */
    public Gateway serve(Map<String, CheckpointPair> pairs, String defaultPair) {
        Objects.requireNonNull(batching, "batching");
        return new Gateway(store, models, executors, batching, queryCache,
                writes == null ? DocumentWrites.local(store) : writes, nanoTime, pairs, defaultPair);
    }
}
