package io.stagegate.catalog;

import io.stagegate.CheckpointPair;
import io.stagegate.Retriever;
import io.stagegate.SecondStage;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.VectorIndex;
import io.stagegate.model.CheckpointKind;
import io.stagegate.model.ModelCatalog;
import io.stagegate.pipeline.FirstStage;
import io.stagegate.pipeline.QueryVectorCache;
import io.stagegate.pipeline.Rescorer;
import io.stagegate.pipeline.SearchPipeline;
import io.stagegate.pipeline.StageExecutors;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The one place a pair becomes a pipeline: configured pairs, runtime pairs and the evaluation grid alike. Each
 * checkpoint id resolves to the version it serves now; its batcher is shared with every other pair that reads it.
 */
public final class PipelineAssembler {
    private final DocumentStore store;
    private final ModelCatalog models;
    private final Batchers batchers;
    private final CheckpointVersions versions;
    private final StageExecutors executors;
    private final QueryVectorCache queryCache;
    private final LongSupplier nanoTime;

    public PipelineAssembler(DocumentStore store, ModelCatalog models, Batchers batchers, CheckpointVersions versions,
                             StageExecutors executors, QueryVectorCache queryCache, LongSupplier nanoTime) {
        this.store = store;
        this.models = models;
        this.batchers = batchers;
        this.versions = versions;
        this.executors = executors;
        this.queryCache = queryCache;
        this.nanoTime = nanoTime;
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
            models.require(versions.resolve(id), kind);
        } catch (StagegateException e) {
            throw new StagegateException(e.kind(), "pair '" + pair.id() + "': " + field + ": " + e.getMessage());
        }
    }

    /** Loads the pair's checkpoints (a broken one fails here) and wires its stages. */
    public SearchPipeline assemble(CheckpointPair pair) {
        List<BatchedEmbedder> embedders = pair.embedders().stream().map(this::embedder).toList();
        List<BatchedEmbedder> queryEmbedders = pair.embedsQueries() ? embedders : List.of();
        VectorIndex dense = vectors(pair.embedder());
        Optional<LexicalIndex> lexical = pair.lexical().map(store::lexicalIndex);
        FirstStage first = new FirstStage(pair.retriever(), dense,
                pair.retriever() == Retriever.DENSE ? Optional.empty() : lexical, pair.fusion());
        Optional<Rescorer> rescorer = Optional.empty();
        if (pair.secondStage() instanceof SecondStage.Rescoring r) {
            rescorer = Optional.of(new Rescorer(pair.embedders().stream().map(this::vectors).toList(),
                    r.bm25() ? lexical : Optional.empty(), r.fusion()));
        }
        Optional<BatchedCrossEncoder> reranker = pair.reranker().map(id -> batchers.crossEncoder(versions.resolve(id)));
        return new SearchPipeline(pair, new SearchPipeline.Stages(queryEmbedders, dense, first, reranker, rescorer,
                queryCache), executors, nanoTime);
    }

    private BatchedEmbedder embedder(String id) {
        return batchers.embedder(versions.resolve(id));
    }

    private VectorIndex vectors(String embedderId) {
        return store.vectorIndex(versions.resolve(embedderId));
    }
}
