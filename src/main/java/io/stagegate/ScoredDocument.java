package io.stagegate;

import java.util.Map;

/**
 * One ranked hit. {@code score} is the final score (the reranker's when the pair has one, else the ANN score);
 * {@code annScore} is the embedder's dot product; {@code annRank} its 1-based position among the candidates.
 */
public record ScoredDocument(String id, String title, String text, Map<String, Object> metadata,
                             double score, double annScore, int annRank, int rank) {
    public ScoredDocument {
        metadata = metadata == null ? Map.of() : metadata;
    }
}
