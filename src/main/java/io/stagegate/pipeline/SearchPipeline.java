package io.stagegate.pipeline;

import io.smallrye.mutiny.Uni;
import io.stagegate.CheckpointPair;
import io.stagegate.Document;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.index.Candidate;
import io.stagegate.index.VectorIndex;
import io.stagegate.model.CrossEncoder;
import io.stagegate.model.Embedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The only class that knows the stage order: embed the query, search the embedder's index for K candidates,
 * rerank them if the pair has a reranker, keep topN. Each blocking stage runs on its bounded executor; nothing here
 * blocks the caller's thread.
 */
public final class SearchPipeline {
    private final CheckpointPair pair;
    private final Embedder embedder;
    private final VectorIndex index;
    private final Optional<CrossEncoder> reranker;
    private final StageExecutors executors;
    private final LongSupplier nanoTime;

    public SearchPipeline(CheckpointPair pair, Embedder embedder, VectorIndex index, Optional<CrossEncoder> reranker,
                          StageExecutors executors, LongSupplier nanoTime) {
        if (!embedder.id().equals(pair.embedder()) || !index.embedderId().equals(pair.embedder())) {
            throw new IllegalArgumentException("pair '" + pair.id() + "' wants embedder " + pair.embedder() + ", got "
                    + embedder.id() + " / index of " + index.embedderId());
        }
        this.pair = pair;
        this.embedder = embedder;
        this.index = index;
        this.reranker = reranker;
        this.executors = executors;
        this.nanoTime = nanoTime;
    }

    public CheckpointPair pair() {
        return pair;
    }

    public VectorIndex index() {
        return index;
    }

    /** The embedded query and the ANN candidates, with the time each took. */
    public record Retrieval(Embedder.QueryEmbedding query, List<Candidate> candidates, double embedMs, double annMs) {
    }

    public Uni<Retrieval> retrieve(SearchRequest request) {
        long start = nanoTime.getAsLong();
        return Uni.createFrom().item(() -> embedder.embedQuery(request.query()))
                .runSubscriptionOn(executors.inference())
                .onItem().transformToUni(q -> {
                    long embedded = nanoTime.getAsLong();
                    return Uni.createFrom().item(() -> index.search(q.vector(), request.candidates()))
                            .runSubscriptionOn(executors.ann())
                            .map(c -> new Retrieval(q, c, millis(start, embedded), millis(embedded, nanoTime.getAsLong())));
                });
    }

    public Uni<SearchResult> search(SearchRequest request) {
        long start = nanoTime.getAsLong();
        return retrieve(request).onItem().transformToUni(r -> {
            if (reranker.isEmpty()) {
                return Uni.createFrom().item(result(request, r, annOrder(r.candidates()), 0, start));
            }
            long rerankStart = nanoTime.getAsLong();
            return Uni.createFrom().item(() -> rerank(reranker.get(), request, r.candidates()))
                    .runSubscriptionOn(executors.inference())
                    .map(ranked -> result(request, r, ranked, millis(rerankStart, nanoTime.getAsLong()), start));
        });
    }

    private record Ranked(Candidate candidate, double score) {
    }

    private static List<Ranked> annOrder(List<Candidate> candidates) {
        return candidates.stream().map(c -> new Ranked(c, c.annScore())).toList();
    }

    private static List<Ranked> rerank(CrossEncoder reranker, SearchRequest request, List<Candidate> candidates) {
        List<String> texts = candidates.stream().map(c -> c.document().embeddingText()).toList();
        double[] scores = reranker.score(request.query(), texts);
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            ranked.add(new Ranked(candidates.get(i), scores[i]));
        }
        // Ties keep ANN order, so equal rerank scores never reorder arbitrarily.
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed()
                .thenComparingInt(x -> x.candidate().annRank()));
        return ranked;
    }

    private SearchResult result(SearchRequest request, Retrieval r, List<Ranked> ranked, double rerankMs, long start) {
        int n = Math.min(request.topN(), ranked.size());
        List<ScoredDocument> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Ranked x = ranked.get(i);
            Document d = x.candidate().document();
            hits.add(new ScoredDocument(d.id(), d.title(), request.includeText() ? d.text() : null, d.metadata(), x.score(),
                    x.candidate().annScore(), x.candidate().annRank(), i + 1));
        }
        StageTimings timings = new StageTimings(r.embedMs(), r.annMs(), rerankMs, millis(start, nanoTime.getAsLong()));
        return new SearchResult(request.requestId(), pair.id(), hits, timings, r.query().truncated(), r.query().tokens());
    }

    private static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000.0;
    }
}
