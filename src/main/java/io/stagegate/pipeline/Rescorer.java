package io.stagegate.pipeline;

import io.stagegate.Candidate;
import io.stagegate.Fusion;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.VectorIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rescoring second stage (plain, blocking Java): each embedder scores every candidate by the dot product of its
 * query vector with the document's vector as stored in the index, BM25 optionally adds its score, and the scores are
 * fused. No document is embedded: the cost is one query embedding per embedder (done before this runs) and K dot
 * products plus K stored-vector reads per embedder.
 */
public final class Rescorer {
    private final List<VectorIndex> indexes;
    private final Optional<LexicalIndex> lexical;
    private final Fusion fusion;

    /**
     * @param indexes the vector fields to score with, in fusion order (the pair's embedder first)
     * @param lexical the BM25 field fused last, if any
     */
    public Rescorer(List<VectorIndex> indexes, Optional<LexicalIndex> lexical, Fusion fusion) {
        if (indexes.isEmpty()) {
            throw new IllegalArgumentException("rescoring needs at least one embedder");
        }
        this.indexes = List.copyOf(indexes);
        this.lexical = lexical;
        this.fusion = fusion;
        fusion.checkInputs(indexes.size() + (lexical.isPresent() ? 1 : 0), "rescore.fusion");
    }

    /** The embedders whose query vectors {@link #rescore} needs, in fusion order. */
    public List<String> embedders() {
        return indexes.stream().map(VectorIndex::embedderId).toList();
    }

    public record Rescored(Candidate candidate, double score) {
    }

    /** The candidates in fused order with their fused scores. */
    public List<Rescored> rescore(String query, Map<String, float[]> queryVectors, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<String> ids = candidates.stream().map(c -> c.document().id()).toList();
        List<ScoreFusion.Input> inputs = new ArrayList<>(indexes.size() + 1);
        for (VectorIndex index : indexes) {
            float[] q = queryVectors.get(index.embedderId());
            if (q == null) {
                throw new IllegalStateException("no query vector of " + index.embedderId() + " for rescoring");
            }
            List<float[]> stored = index.vectors(ids);
            Map<String, Double> scores = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                if (stored.get(i) != null) {
                    scores.put(ids.get(i), dot(q, stored.get(i)));
                }
            }
            inputs.add(ranked(ids, scores));
        }
        lexical.ifPresent(l -> inputs.add(ranked(ids, l.scores(query, ids))));
        Map<String, Candidate> byId = new HashMap<>();
        candidates.forEach(c -> byId.putIfAbsent(c.document().id(), c));
        return ScoreFusion.fuse(inputs, fusion).stream().map(f -> new Rescored(byId.get(f.id()), f.score())).toList();
    }

    /** One scorer's list, best first; equal scores keep first-stage order. */
    private static ScoreFusion.Input ranked(List<String> firstStageOrder, Map<String, Double> scores) {
        List<String> present = new ArrayList<>(new java.util.LinkedHashSet<>(firstStageOrder));
        present.removeIf(id -> !scores.containsKey(id));
        present.sort(Comparator.comparingDouble((String id) -> scores.get(id)).reversed());
        double[] s = new double[present.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(present.get(i));
        }
        return new ScoreFusion.Input(present, s);
    }

    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("query vector has " + a.length + " dimensions, stored vector " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
