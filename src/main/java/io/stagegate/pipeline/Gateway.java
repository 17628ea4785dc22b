package io.stagegate.pipeline;

import io.stagegate.CheckpointPair;
import io.stagegate.StagegateException;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.Ingestor;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.CrossEncoder;
import io.stagegate.model.Embedder;
import io.stagegate.model.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The assembled gateway without any framework: a store, the checkpoints, one pipeline per pair and the ingestor that
 * keeps every pair's embedder index covering the corpus. Quarkus wires one for serving; the CLI wires its own.
 */
public final class Gateway implements AutoCloseable {
    private final DocumentStore store;
    private final ModelCatalog catalog;
    private final StageExecutors executors;
    private final Map<String, CheckpointPair> pairs;
    private final String defaultPair;
    private final Map<String, SearchPipeline> pipelines = new LinkedHashMap<>();
    private final Ingestor ingestor;

    public Gateway(DocumentStore store, ModelCatalog catalog, StageExecutors executors, Map<String, CheckpointPair> pairs,
                   String defaultPair, LongSupplier nanoTime) {
        if (!pairs.containsKey(defaultPair)) {
            throw new IllegalArgumentException("default pair '" + defaultPair + "' is not among " + pairs.keySet());
        }
        this.store = store;
        this.catalog = catalog;
        this.executors = executors;
        this.pairs = Map.copyOf(pairs);
        this.defaultPair = defaultPair;
        Set<String> embedderIds = new LinkedHashSet<>();
        for (CheckpointPair pair : pairs.values()) {
            catalog.require(pair.embedder(), CheckpointKind.EMBEDDER);
            pair.reranker().ifPresent(r -> catalog.require(r, CheckpointKind.CROSS_ENCODER));
            embedderIds.add(pair.embedder());
        }
        for (CheckpointPair pair : pairs.values()) {
            Embedder embedder = catalog.embedder(pair.embedder());
            Optional<CrossEncoder> reranker = pair.reranker().map(catalog::crossEncoder);
            pipelines.put(pair.id(), new SearchPipeline(pair, embedder, store.vectorIndex(embedder.id()), reranker, executors,
                    nanoTime));
        }
        this.ingestor = new Ingestor(store, embedderIds.stream().map(catalog::embedder).toList());
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

    /** Embeds whatever part of the corpus an embedder does not cover yet (new pair, interrupted ingest). */
    public int backfill(Ingestor.Progress progress) {
        int total = 0;
        for (Embedder e : ingestor.embedders()) {
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

    @Override
    public void close() {
        executors.close();
        store.close();
        catalog.close();
    }
}
