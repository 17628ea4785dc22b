package io.stagegate.pipeline;

import io.smallrye.mutiny.Uni;
import io.stagegate.SearchRequest;
import io.stagegate.batch.BatchedEmbedder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embeds one query with every embedder a pair needs (its own, then the rescoring ones), all submitted at once to their
 * own batchers so they run concurrently; a cached vector skips its embedder. Cancelling the Uni cancels them all.
 */
final class QueryEmbeddings {
    private final List<BatchedEmbedder> embedders;
    private final StageExecutors executors;
    private final QueryVectorCache cache;

    /** What the embedders returned; tokens and truncation are the first (the pair's) embedder's. */
    record Embedded(Map<String, float[]> vectors, int tokens, boolean truncated, double queueMs, double inferenceMs) {
        static final Embedded NONE = new Embedded(Map.of(), 0, false, 0, 0);
    }

    private record One(String embedder, QueryVectorCache.Entry entry, double queueMs, double inferenceMs) {
    }

    QueryEmbeddings(List<BatchedEmbedder> embedders, StageExecutors executors, QueryVectorCache cache) {
        this.embedders = List.copyOf(embedders);
        this.executors = executors;
        this.cache = cache;
    }

    Uni<Embedded> embed(SearchRequest request) {
        if (embedders.isEmpty()) {
            return Uni.createFrom().item(Embedded.NONE);
        }
        List<Uni<One>> each = new ArrayList<>(embedders.size());
        for (BatchedEmbedder e : embedders) {
            each.add(one(e, request));
        }
        if (each.size() == 1) {
            return each.get(0).map(one -> combine(List.of(one)));
        }
        return Uni.combine().all().unis(each).with(One.class, QueryEmbeddings::combine);
    }

    private static Embedded combine(List<One> ones) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        double queue = 0;
        double inference = 0;
        for (One one : ones) {
            vectors.put(one.embedder(), one.entry().vector());
            // Concurrent embeddings: the slowest one is what the query waits for.
            queue = Math.max(queue, one.queueMs());
            inference = Math.max(inference, one.inferenceMs());
        }
        QueryVectorCache.Entry first = ones.get(0).entry();
        return new Embedded(vectors, first.tokens(), first.truncated(), queue, inference);
    }

    private Uni<One> one(BatchedEmbedder e, SearchRequest request) {
        QueryVectorCache.Entry hit = cache.get(e.id(), request.query());
        if (hit != null) {
            return Uni.createFrom().item(new One(e.id(), hit, 0, 0));
        }
        return Uni.createFrom().item(() -> {
                    e.batcher().admitOrRefuse(request.priority());
                    return e.embedder().encodeQuery(request.query());
                })
                .runSubscriptionOn(executors.tokenize())
                .chain(encoded -> Unis.batched(e.batcher(), List.of(encoded), request.priority(), request.deadline())
                        .map(r -> {
                            var entry = new QueryVectorCache.Entry(r.outputs().get(0), encoded.length(), encoded.truncated());
                            cache.put(e.id(), request.query(), entry);
                            return new One(e.id(), entry, r.queueNanos() / 1e6, r.inferenceNanos() / 1e6);
                        }));
    }
}
