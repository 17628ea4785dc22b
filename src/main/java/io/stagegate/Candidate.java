package io.stagegate;

/** One ANN hit: the stored document, its dot product with the query and its 1-based rank among the candidates. */
public record Candidate(Document document, double annScore, int annRank) {
}
