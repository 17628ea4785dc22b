package io.stagegate.serving;

import io.smallrye.mutiny.Uni;
import io.stagegate.StagegateException;
import io.stagegate.TextChecks;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Reranking of caller-supplied documents (Cohere-shaped HTTP, gRPC Rerank): limits, {@code top_n}, the default model
 * (the default pair's cross-encoder), the deadline and refusal pacing, once for every transport.
 */
public final class RerankService {
    private final DirectInference inference;
    private final Supplier<Optional<String>> defaultReranker;
    private final int maxDocuments;
    private final Deadlines deadlines;
    private final Refusals refusals;

    public record RerankCall(Optional<String> model, String query, List<String> documents, Optional<Integer> topN,
                             Optional<Duration> timeout) {
        public RerankCall {
            model = model == null ? Optional.empty() : model.filter(m -> !m.isEmpty());
            documents = documents == null ? List.of() : documents;
            topN = topN == null ? Optional.empty() : topN;
            timeout = timeout == null ? Optional.empty() : timeout;
        }
    }

    /** One document's place in the answer: its index in the request and its score. */
    public record Ranked(int index, double score) {
    }

    /** The top documents, best first (ties in request order), and what computing them cost. */
    public record Reranked(String model, List<Ranked> results, int tokens, double queueMs, double inferenceMs) {
    }

    public RerankService(DirectInference inference, Supplier<Optional<String>> defaultReranker, int maxDocuments,
                         Deadlines deadlines, Refusals refusals) {
        this.inference = inference;
        this.defaultReranker = defaultReranker;
        this.maxDocuments = maxDocuments;
        this.deadlines = deadlines;
        this.refusals = refusals;
    }

    public Uni<Reranked> rerank(RerankCall call) {
        TextChecks.requireVisible("query", call.query());
        TextChecks.requireCount("documents", call.documents().size(), maxDocuments, "stagegate.limits.max-rerank-documents");
        for (int i = 0; i < call.documents().size(); i++) {
            TextChecks.requireVisible("documents[" + i + "]", call.documents().get(i));
        }
        if (call.topN().isPresent() && call.topN().get() < 1) {
            throw StagegateException.invalid("top_n must be >= 1, was " + call.topN().get());
        }
        String model = call.model().or(defaultReranker).orElseThrow(() -> StagegateException.invalid(
                "model is required: the default pair has no reranker"));
        int n = Math.min(call.topN().orElse(call.documents().size()), call.documents().size());
        var deadline = deadlines.of(call.timeout());
        return refusals.paced(() -> inference.rerank(model, call.query(), call.documents(), deadline))
                .map(s -> new Reranked(s.model(), top(s.scores(), n), s.tokens(), s.queueMs(), s.inferenceMs()));
    }

    private static List<Ranked> top(List<Double> scores, int n) {
        return IntStream.range(0, scores.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed().thenComparingInt(i -> i))
                .limit(n).map(i -> new Ranked(i, scores.get(i))).toList();
    }
}
