package io.stagegate.pipeline;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.stagegate.Candidate;
import io.stagegate.CheckpointPair;
import io.stagegate.Document;
import io.stagegate.ErrorKind;
import io.stagegate.ScoredDocument;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.index.VectorIndex;
import io.stagegate.model.Encoded;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The only class that knows the stage order: tokenise and embed the query (through the embedder's batcher), search
 * the embedder's index for K candidates, rerank them through the reranker's batcher if the pair has one, keep topN.
 * CPU work runs on the bounded tokenise and ANN executors, inference on batcher workers; nothing here blocks the
 * caller's thread. Cancelling the returned Uni removes the request's queued inference work.
 */
public final class SearchPipeline {
    private final CheckpointPair pair;
    private final BatchedEmbedder embedder;
    private final VectorIndex index;
    private final Optional<BatchedCrossEncoder> reranker;
    private final StageExecutors executors;
    private final LongSupplier nanoTime;

    public SearchPipeline(CheckpointPair pair, BatchedEmbedder embedder, VectorIndex index,
                          Optional<BatchedCrossEncoder> reranker, StageExecutors executors, LongSupplier nanoTime) {
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

    /** The query as embedded, the ANN candidates, and the time each step took. */
    public record Retrieval(Encoded query, List<Candidate> candidates, double embedMs, double annMs, double embedQueueMs,
                            double embedInferenceMs, long startNanos) {
    }

    public Uni<Retrieval> retrieve(SearchRequest request) {
        long start = nanoTime.getAsLong();
        return Uni.createFrom().item(() -> {
                    embedder.batcher().admitOrRefuse(request.priority());
                    return embedder.embedder().encodeQuery(request.query());
                })
                .runSubscriptionOn(executors.tokenize())
                .chain(encoded -> Unis.batched(embedder.batcher(), List.of(encoded), request.priority(), request.deadline())
                        .chain(embedded -> {
                            long afterEmbed = nanoTime.getAsLong();
                            checkDeadline(request, afterEmbed);
                            return Uni.createFrom().item(() -> index.search(embedded.outputs().get(0), request.candidates()))
                                    .runSubscriptionOn(executors.ann())
                                    .map(c -> new Retrieval(encoded, c, millis(start, afterEmbed),
                                            millis(afterEmbed, nanoTime.getAsLong()), embedded.queueNanos() / 1e6,
                                            embedded.inferenceNanos() / 1e6, start));
                        }));
    }

    public Uni<SearchResult> search(SearchRequest request) {
        return retrieve(request).chain(r -> rank(request, r));
    }

    /**
     * The same work as {@link #search}, emitted as it completes: candidates as soon as the index answers, then the
     * ranked results and the timings. A failure becomes a final error event; cancelling the stream (a client that
     * went away) drops the request's queued rerank work.
     */
    public Multi<SearchEvent> stream(SearchRequest request) {
        return retrieve(request).toMulti().onItem().transformToMultiAndConcatenate(r -> Multi.createBy().concatenating()
                        .<SearchEvent>streams(Multi.createFrom().item(new SearchEvent.Candidates(request.requestId(),
                                        pair.id(), r.candidates(), r.embedMs(), r.annMs())),
                                rank(request, r).toMulti().onItem().transformToMultiAndConcatenate(result ->
                                        Multi.createFrom().<SearchEvent>items(new SearchEvent.Results(result),
                                                new SearchEvent.Done(request.requestId(), pair.id(), result.timings())))))
                .onFailure().recoverWithItem(e -> SearchEvent.failed(request.requestId(), e));
    }

    /** Reranks (if the pair has a reranker) and cuts to topN. */
    public Uni<SearchResult> rank(SearchRequest request, Retrieval r) {
        if (reranker.isEmpty() || r.candidates().isEmpty()) {
            return Uni.createFrom().item(result(request, r, annOrder(r.candidates()), 0, 0, 0));
        }
        BatchedCrossEncoder rr = reranker.get();
        long rerankStart = nanoTime.getAsLong();
        return Uni.createFrom().item(() -> {
                    rr.batcher().admitOrRefuse(request.priority());
                    return rr.crossEncoder().encode(request.query(),
                            r.candidates().stream().map(c -> c.document().embeddingText()).toList());
                })
                .runSubscriptionOn(executors.tokenize())
                .chain(pairs -> Unis.batched(rr.batcher(), pairs, request.priority(), request.deadline()))
                .map(scored -> result(request, r, rerankOrder(r.candidates(), scored.outputs()),
                        millis(rerankStart, nanoTime.getAsLong()), scored.queueNanos() / 1e6, scored.inferenceNanos() / 1e6));
    }

    private void checkDeadline(SearchRequest request, long now) {
        if (request.deadline().passed(now)) {
            throw new StagegateException(ErrorKind.DEADLINE_EXCEEDED, "deadline passed after embedding the query");
        }
    }

    private record Ranked(Candidate candidate, double score) {
    }

    private static List<Ranked> annOrder(List<Candidate> candidates) {
        return candidates.stream().map(c -> new Ranked(c, c.annScore())).toList();
    }

    private static List<Ranked> rerankOrder(List<Candidate> candidates, List<Double> scores) {
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            ranked.add(new Ranked(candidates.get(i), scores.get(i)));
        }
        // Ties keep ANN order, so equal rerank scores never reorder arbitrarily.
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed()
                .thenComparingInt(x -> x.candidate().annRank()));
        return ranked;
    }

    private SearchResult result(SearchRequest request, Retrieval r, List<Ranked> ranked, double rerankMs,
                                double rerankQueueMs, double rerankInferenceMs) {
        int n = Math.min(request.topN(), ranked.size());
        List<ScoredDocument> hits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Ranked x = ranked.get(i);
            Document d = x.candidate().document();
            hits.add(new ScoredDocument(d.id(), d.title(), request.includeText() ? d.text() : null, d.metadata(), x.score(),
                    x.candidate().annScore(), x.candidate().annRank(), i + 1));
        }
        StageTimings timings = new StageTimings(r.embedMs(), r.annMs(), rerankMs, millis(r.startNanos(), nanoTime.getAsLong()),
                r.embedQueueMs(), r.embedInferenceMs(), rerankQueueMs, rerankInferenceMs);
        return new SearchResult(request.requestId(), pair.id(), hits, r.candidates(), timings, r.query().truncated(), r.query().length());
    }

    private static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000.0;
    }
}
