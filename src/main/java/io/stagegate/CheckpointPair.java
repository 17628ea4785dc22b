package io.stagegate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The unit that is served, compared and evaluated: a retriever (dense over the embedder's vectors, BM25 over a lexical
 * field, or both fused), a second stage (none, a cross-encoder, or rescoring by stored vectors of other embedders),
 * the candidate budget K and the default number of results.
 *
 * @param lexical the lexical field (analyzer name, e.g. {@code en}) that BM25 retrieval or BM25 rescoring reads
 * @param fusion  how a hybrid retriever fuses its dense and BM25 lists (in that order); unused by other retrievers
 */
public record CheckpointPair(String id, String embedder, Retriever retriever, Optional<String> lexical, Fusion fusion,
                             SecondStage secondStage, int candidates, int topN) {
    public CheckpointPair {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("pair id must be non-blank");
        }
        if (embedder == null || embedder.isBlank()) {
            throw new IllegalArgumentException("pair '" + id + "': embedder must be non-blank");
        }
        Objects.requireNonNull(retriever, () -> "pair '" + id + "': retriever is required");
        lexical = lexical == null ? Optional.empty() : lexical;
        fusion = fusion == null ? Fusion.RRF : fusion;
        secondStage = secondStage == null ? SecondStage.NONE : secondStage;
        if (topN < 1 || topN > SearchRequest.MAX_TOP_N) {
            throw new IllegalArgumentException("pair '" + id + "': top-n must be 1.." + SearchRequest.MAX_TOP_N + ", was " + topN);
        }
        if (candidates < topN || candidates > SearchRequest.MAX_CANDIDATES) {
            throw new IllegalArgumentException("pair '" + id + "': candidates must be " + topN + ".."
                    + SearchRequest.MAX_CANDIDATES + " (at least top-n), was " + candidates);
        }
        boolean needsLexical = retriever != Retriever.DENSE
                || secondStage instanceof SecondStage.Rescoring r && r.bm25();
        if (needsLexical && lexical.isEmpty()) {
            throw new IllegalArgumentException("pair '" + id + "': lexical must name a BM25 field (e.g. en) for retriever "
                    + retriever.wireName() + (retriever == Retriever.DENSE ? " with rescore.bm25" : ""));
        }
        if (lexical.isPresent() && !lexical.get().matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("pair '" + id + "': lexical must be an analyzer name like en, was '"
                    + lexical.get() + "'");
        }
        try {
            fusion.checkInputs(2, "fusion");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pair '" + id + "': " + e.getMessage(), e);
        }
        if (secondStage instanceof SecondStage.Rescoring r && r.embedders().contains(embedder)) {
            throw new IllegalArgumentException("pair '" + id + "': rescore.embedders lists the pair's own embedder "
                    + embedder + ", whose score is always fused first; list only the others");
        }
    }

    /** A dense pair with an optional cross-encoder: what every pair was before BM25 and rescoring existed. */
    public CheckpointPair(String id, String embedder, Optional<String> reranker, int candidates, int topN) {
        this(id, embedder, Retriever.DENSE, Optional.empty(), Fusion.RRF,
                reranker == null || reranker.isEmpty() ? SecondStage.NONE : new SecondStage.CrossEncoding(reranker.get()),
                candidates, topN);
    }

    /** The cross-encoder checkpoint, when the second stage is one. */
    public Optional<String> reranker() {
        return secondStage instanceof SecondStage.CrossEncoding c ? Optional.of(c.checkpoint()) : Optional.empty();
    }

    /** Every embedder whose stored vectors this pair reads: its own, then the rescoring ones. */
    public List<String> embedders() {
        List<String> all = new ArrayList<>();
        all.add(embedder);
        if (secondStage instanceof SecondStage.Rescoring r) {
            all.addAll(r.embedders());
        }
        return List.copyOf(all);
    }

    /** Whether the pair embeds queries with its own embedder (a pure BM25 pair does not). */
    public boolean embedsQueries() {
        return retriever != Retriever.BM25 || secondStage instanceof SecondStage.Rescoring;
    }

    public CheckpointPair withCandidates(int k, int n) {
        return new CheckpointPair(id, embedder, retriever, lexical, fusion, secondStage, k, n);
    }
}
