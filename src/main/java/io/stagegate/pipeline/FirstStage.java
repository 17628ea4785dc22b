package io.stagegate.pipeline;

import io.stagegate.Candidate;
import io.stagegate.Document;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.index.Hits;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.VectorIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a pair's K candidates (plain, blocking Java): the embedder's HNSW field, a BM25 field, or both, each asked
 * for K, fused, de-duplicated and cut to K. A candidate's score and rank are first-stage ones: the dot product for
 * dense, BM25 for bm25, the fused score for hybrid.
 */
public final class FirstStage {
    private final Retriever retriever;
    private final VectorIndex dense;
    private final Optional<LexicalIndex> lexical;
    private final Fusion fusion;

    public FirstStage(Retriever retriever, VectorIndex dense, Optional<LexicalIndex> lexical, Fusion fusion) {
        if (retriever != Retriever.DENSE && lexical.isEmpty()) {
            throw new IllegalArgumentException("retriever " + retriever.wireName() + " needs a lexical field");
        }
        this.retriever = retriever;
        this.dense = dense;
        this.lexical = lexical;
        this.fusion = fusion;
    }

    public Retriever retriever() {
        return retriever;
    }

    /** @param queryVector the pair's embedder's query vector; unused (may be null) for bm25 */
    public List<Candidate> retrieve(String query, float[] queryVector, int k) {
        return retrieveHits(query, queryVector, k).candidates();
    }

    /** As {@link #retrieve}, partial when any index asked answered without some of its parts. */
    public Hits retrieveHits(String query, float[] queryVector, int k) {
        return retrieveHits(query, queryVector, k, null);
    }

    /** Among the documents that match {@code filter} (null: all); both lists of a hybrid pair are filtered. */
    public Hits retrieveHits(String query, float[] queryVector, int k, io.stagegate.Filter filter) {
        return switch (retriever) {
            case DENSE -> dense.searchHits(queryVector, k, filter);
            case BM25 -> lexical.orElseThrow().searchHits(query, k, filter);
            case HYBRID -> {
                Hits d = dense.searchHits(queryVector, k, filter);
                Hits l = lexical.orElseThrow().searchHits(query, k, filter);
                yield new Hits(fuse(d.candidates(), l.candidates(), k), d.partial() || l.partial());
            }
        };
    }

    /** Dense first, BM25 second: fusion weights and tie-breaks follow that order. */
    List<Candidate> fuse(List<Candidate> denseHits, List<Candidate> lexicalHits, int k) {
        Map<String, Document> docs = new HashMap<>();
        List<ScoreFusion.Input> inputs = new ArrayList<>(2);
        for (List<Candidate> hits : List.of(denseHits, lexicalHits)) {
            List<String> ids = new ArrayList<>(hits.size());
            double[] scores = new double[hits.size()];
            for (int i = 0; i < hits.size(); i++) {
                Candidate c = hits.get(i);
                ids.add(c.document().id());
                scores[i] = c.annScore();
                docs.putIfAbsent(c.document().id(), c.document());
            }
            inputs.add(new ScoreFusion.Input(ids, scores));
        }
        List<ScoreFusion.Fused> fused = ScoreFusion.fuse(inputs, fusion);
        List<Candidate> out = new ArrayList<>(Math.min(k, fused.size()));
        for (int i = 0; i < fused.size() && i < k; i++) {
            out.add(new Candidate(docs.get(fused.get(i).id()), fused.get(i).score(), i + 1));
        }
        return out;
    }
}
