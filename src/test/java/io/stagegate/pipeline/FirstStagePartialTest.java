package io.stagegate.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import io.stagegate.Document;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.index.Hits;
import io.stagegate.index.LexicalIndex;
import io.stagegate.index.VectorIndex;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A first stage over a distributed index says when part of it did not answer, for every retriever. */
class FirstStagePartialTest {
    private static Candidate candidate(String id, double score, int rank) {
        return new Candidate(new Document(id, "", "text " + id, Map.of()), score, rank);
    }

    private static VectorIndex dense(boolean partial) {
        return new VectorIndex() {
            public String embedderId() {
                return "e";
            }

            public List<Candidate> search(float[] query, int k) {
                return searchHits(query, k).candidates();
            }

            public Hits searchHits(float[] query, int k) {
                return new Hits(List.of(candidate("a", 0.9, 1), candidate("b", 0.8, 2)), partial);
            }

            public List<float[]> vectors(List<String> ids) {
                return List.of();
            }

            public int size() {
                return 2;
            }
        };
    }

    private static LexicalIndex lexical(boolean partial) {
        return new LexicalIndex() {
            public String analyzer() {
                return "en";
            }

            public List<Candidate> search(String query, int k) {
                return searchHits(query, k).candidates();
            }

            public Hits searchHits(String query, int k) {
                return new Hits(List.of(candidate("b", 7, 1), candidate("c", 5, 2)), partial);
            }

            public Map<String, Double> scores(String query, Collection<String> ids) {
                return Map.of();
            }

            public int size() {
                return 2;
            }
        };
    }

    @Test
    void partialWhenAnyIndexAskedAnsweredInPart() {
        float[] q = {1f};
        assertTrue(new FirstStage(Retriever.DENSE, dense(true), Optional.empty(), Fusion.RRF).retrieveHits("x", q, 2).partial());
        assertFalse(new FirstStage(Retriever.DENSE, dense(false), Optional.of(lexical(true)), Fusion.RRF)
                .retrieveHits("x", q, 2).partial(), "dense asks only the vector index");
        assertTrue(new FirstStage(Retriever.BM25, dense(false), Optional.of(lexical(true)), Fusion.RRF)
                .retrieveHits("x", q, 2).partial());
        Hits hybrid = new FirstStage(Retriever.HYBRID, dense(true), Optional.of(lexical(false)), Fusion.RRF)
                .retrieveHits("x", q, 3);
        assertTrue(hybrid.partial());
        assertEquals("b", hybrid.candidates().get(0).document().id(), "fused as usual");
        assertFalse(new FirstStage(Retriever.HYBRID, dense(false), Optional.of(lexical(false)), Fusion.RRF)
                .retrieveHits("x", q, 3).partial());
    }
}
