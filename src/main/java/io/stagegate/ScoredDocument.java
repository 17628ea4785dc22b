package io.stagegate;

import java.util.Map;

/**
 * One ranked hit. {@code score} is the final score (the reranker's when the pair has one, else the ANN score);
 * {@code annScore} is the embedder's dot product; {@code annRank} its 1-based position among the candidates.
 * In an interleaved list the two arms' scores are on different scales, so {@code score} is 1/rank (it falls with
 * rank, as every list's does) and {@code armScore} is the contributing arm's own score; {@code armScore} is null
 * otherwise.
 */
public record ScoredDocument(String id, String title, String text, Map<String, Object> metadata,
                             double score, double annScore, int annRank, int rank, Double armScore) {
    public ScoredDocument {
        metadata = metadata == null ? Map.of() : metadata;
    }

    public ScoredDocument(String id, String title, String text, Map<String, Object> metadata, double score,
                          double annScore, int annRank, int rank) {
        this(id, title, text, metadata, score, annScore, annRank, rank, null);
    }
}
