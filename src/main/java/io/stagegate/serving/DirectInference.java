package io.stagegate.serving;

import io.stagegate.pipeline.StageExecutors;
import io.stagegate.pipeline.Unis;

import io.stagegate.catalog.Gateway;

import io.smallrye.mutiny.Uni;
import io.stagegate.Deadline;
import io.stagegate.Priority;
import io.stagegate.model.Encoded;
import java.util.List;

/**
 * Embedding and reranking of caller-supplied texts (the OpenAI- and Cohere-shaped endpoints), through the same
 * per-checkpoint batchers that serve search, so these calls share batches with search traffic.
 */
public final class DirectInference {
    private final Gateway gateway;
    private final StageExecutors executors;

    public DirectInference(Gateway gateway) {
        this.gateway = gateway;
        this.executors = gateway.executors();
    }

    public record Embeddings(String model, List<float[]> vectors, int tokens, double queueMs, double inferenceMs) {
    }

    public record Scores(String model, List<Double> scores, int tokens, double queueMs, double inferenceMs) {
    }

    /** Embeds texts as documents, or as queries (with the checkpoint's query prefix) when {@code asQueries}. */
    public Uni<Embeddings> embed(String model, List<String> texts, boolean asQueries, Deadline deadline) {
        var embedder = gateway.embedder(model);
        embedder.batcher().admitOrRefuse(Priority.INTERACTIVE);
        return Uni.createFrom().item(() -> asQueries
                        ? texts.stream().map(t -> embedder.embedder().encodeQuery(t)).toList()
                        : embedder.embedder().encodeDocuments(texts))
                .runSubscriptionOn(executors.tokenize())
                .chain(encoded -> Unis.batched(embedder.batcher(), encoded, Priority.INTERACTIVE, deadline)
                        .map(r -> new Embeddings(model, r.outputs(), tokens(encoded), r.queueNanos() / 1e6,
                                r.inferenceNanos() / 1e6)));
    }

    public Uni<Scores> rerank(String model, String query, List<String> documents, Deadline deadline) {
        var reranker = gateway.crossEncoder(model);
        reranker.batcher().admitOrRefuse(Priority.INTERACTIVE);
        return Uni.createFrom().item(() -> reranker.crossEncoder().encode(query, documents))
                .runSubscriptionOn(executors.tokenize())
                .chain(pairs -> Unis.batched(reranker.batcher(), pairs, Priority.INTERACTIVE, deadline)
                        .map(r -> new Scores(model, r.outputs(), tokens(pairs), r.queueNanos() / 1e6,
                                r.inferenceNanos() / 1e6)));
    }

    private static int tokens(List<Encoded> encoded) {
        return encoded.stream().mapToInt(Encoded::length).sum();
    }
}
