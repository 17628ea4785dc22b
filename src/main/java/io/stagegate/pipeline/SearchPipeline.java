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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The only class that knows the stage order: embed the query (with every embedder the pair needs, concurrently,
 * through their batchers), retrieve K candidates (dense, BM25 or hybrid), run the second stage (none, cross-encoder
 * through its batcher, or rescoring by stored vectors), keep topN. CPU work runs on the bounded tokenise and ANN
 * executors, inference on batcher workers; nothing here blocks the caller's thread. Cancelling the returned Uni
 * removes the request's queued inference work.
 */
public final class SearchPipeline {
    private final CheckpointPair pair;
    private final VectorIndex index;
    private final QueryEmbeddings queryEmbeddings;
    private final FirstStage firstStage;
    private final Optional<BatchedCrossEncoder> reranker;
    private final Optional<Rescorer> rescorer;
    private final StageExecutors executors;
    private final LongSupplier nanoTime;

    /** What a pair is made of besides its description; the Gateway assembles them. */
    public record Stages(List<BatchedEmbedder> queryEmbedders, VectorIndex index, FirstStage firstStage,
                         Optional<BatchedCrossEncoder> reranker, Optional<Rescorer> rescorer, QueryVectorCache cache) {
        public Stages {
            queryEmbedders = List.copyOf(queryEmbedders);
        }
    }

    /** A dense pair with an optional cross-encoder and no query cache. */
    public SearchPipeline(CheckpointPair pair, BatchedEmbedder embedder, VectorIndex index,
                          Optional<BatchedCrossEncoder> reranker, StageExecutors executors, LongSupplier nanoTime) {
        this(pair, new Stages(List.of(embedder), index, new FirstStage(pair.retriever(), index, Optional.empty(),
                pair.fusion()), reranker, Optional.empty(), QueryVectorCache.off()), executors, nanoTime);
    }

    /** A checkpoint id and the version serving it: {@code emb} itself, or {@code emb@N} once a replacement took over. */
    private static boolean sameCheckpoint(String version, String id) {
        return version.equals(id) || version.startsWith(id + "@");
    }

    public SearchPipeline(CheckpointPair pair, Stages stages, StageExecutors executors, LongSupplier nanoTime) {
        if (!sameCheckpoint(stages.index().embedderId(), pair.embedder())) {
            throw new IllegalArgumentException("pair '" + pair.id() + "' wants embedder " + pair.embedder()
                    + ", got the index of " + stages.index().embedderId());
        }
        List<String> embedding = stages.queryEmbedders().stream().map(BatchedEmbedder::id).toList();
        List<String> wanted = pair.embedsQueries() ? pair.embedders() : List.of();
        boolean matches = embedding.size() == wanted.size();
        for (int i = 0; matches && i < wanted.size(); i++) {
            matches = sameCheckpoint(embedding.get(i), wanted.get(i));
        }
        if (!matches) {
            throw new IllegalArgumentException("pair '" + pair.id() + "' embeds queries with " + wanted + ", got " + embedding);
        }
        this.pair = pair;
        this.index = stages.index();
        this.queryEmbeddings = new QueryEmbeddings(stages.queryEmbedders(), executors, stages.cache());
        this.firstStage = stages.firstStage();
        this.reranker = stages.reranker();
        this.rescorer = stages.rescorer();
        this.executors = executors;
        this.nanoTime = nanoTime;
    }

    public CheckpointPair pair() {
        return pair;
    }

    /** The pair's own embedder's vectors (readiness counts them). */
    public VectorIndex index() {
        return index;
    }

    /**
     * The query's vectors (by embedder), the first-stage candidates, and the time each step took. Tokens and
     * truncation are the pair's embedder's (0 and false when a BM25 pair embeds nothing).
     */
    public record Retrieval(Map<String, float[]> queryVectors, int queryTokens, boolean queryTruncated,
                            List<Candidate> candidates, double embedMs, double annMs, double embedQueueMs,
                            double embedInferenceMs, long startNanos, boolean partial) {
    }

    public Uni<Retrieval> retrieve(SearchRequest request) {
        long start = nanoTime.getAsLong();
        return queryEmbeddings.embed(request).chain(embedded -> {
            long afterEmbed = nanoTime.getAsLong();
            checkDeadline(request, afterEmbed, "after embedding the query");
            float[] vector = embedded.vectors().get(index.embedderId());
            return Uni.createFrom().item(() -> firstStage.retrieveHits(request.query(), vector, request.candidates(),
                    request.filter()))
                    .runSubscriptionOn(executors.ann())
                    .map(h -> new Retrieval(embedded.vectors(), embedded.tokens(), embedded.truncated(), h.candidates(),
                            millis(start, afterEmbed), millis(afterEmbed, nanoTime.getAsLong()), embedded.queueMs(),
                            embedded.inferenceMs(), start, h.partial()));
        });
    }

    public Uni<SearchResult> search(SearchRequest request) {
        return retrieve(request).chain(r -> rank(request, r));
    }

    /**
     * The same work as {@link #search}, emitted as it completes: the first-stage candidates (fused, for hybrid pairs)
     * as soon as retrieval answers, then the ranked results and the timings. A failure becomes a final error event;
     * cancelling the stream (a client that went away) drops the request's queued rerank work.
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

    /** Runs the second stage (if the pair has one) and cuts to topN. */
    public Uni<SearchResult> rank(SearchRequest request, Retrieval r) {
        if (r.candidates().isEmpty() || (reranker.isEmpty() && rescorer.isEmpty())) {
            return Uni.createFrom().item(result(request, r, firstStageOrder(r.candidates()), 0, 0, 0));
        }
        long stageStart = nanoTime.getAsLong();
        if (rescorer.isPresent()) {
            Rescorer rs = rescorer.get();
            return Uni.createFrom().item(() -> rs.rescore(request.query(), r.queryVectors(), r.candidates()))
                    .runSubscriptionOn(executors.ann())
                    .map(rescored -> result(request, r, rescored.stream().map(x -> new Ranked(x.candidate(), x.score()))
                            .toList(), millis(stageStart, nanoTime.getAsLong()), 0, 0));
        }
        BatchedCrossEncoder rr = reranker.get();
        return Uni.createFrom().item(() -> {
                    rr.batcher().admitOrRefuse(request.priority());
                    return rr.crossEncoder().encode(request.query(),
                            r.candidates().stream().map(c -> c.document().embeddingText()).toList());
                })
                .runSubscriptionOn(executors.tokenize())
                .chain(pairs -> Unis.batched(rr.batcher(), pairs, request.priority(), request.deadline()))
                .map(scored -> result(request, r, rerankOrder(r.candidates(), scored.outputs()),
                        millis(stageStart, nanoTime.getAsLong()), scored.queueNanos() / 1e6, scored.inferenceNanos() / 1e6));
    }

    private void checkDeadline(SearchRequest request, long now, String when) {
        if (request.deadline().passed(now)) {
            throw new StagegateException(ErrorKind.DEADLINE_EXCEEDED, "deadline passed " + when);
        }
    }

    private record Ranked(Candidate candidate, double score) {
    }

    private static List<Ranked> firstStageOrder(List<Candidate> candidates) {
        return candidates.stream().map(c -> new Ranked(c, c.annScore())).toList();
    }

    private static List<Ranked> rerankOrder(List<Candidate> candidates, List<Double> scores) {
        List<Ranked> ranked = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            ranked.add(new Ranked(candidates.get(i), scores.get(i)));
        }
        // Ties keep first-stage order, so equal rerank scores never reorder arbitrarily.
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
        return new SearchResult(request.requestId(), pair.id(), hits, r.candidates(), timings, r.queryTruncated(),
                r.queryTokens(), r.partial());
    }

    private static double millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000.0;
    }
}
