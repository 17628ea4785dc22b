package io.stagegate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stagegate.eval.RetrievalMetrics.Scored;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values computed by hand (see the comments) from the BEIR / pytrec_eval definitions. */
class RetrievalMetricsTest {
    // Grades: d1 = 2, d2 = 1, d4 = 1 relevant (3 in all); d3 judged non-relevant.
    static final Map<String, Integer> QRELS = Map.of("d1", 2, "d2", 1, "d3", 0, "d4", 1);
    // Ranked by score: d5, d1, d3, d2 (d4 never retrieved).
    static final List<Scored> RUN = List.of(new Scored("d2", 0.6), new Scored("d5", 0.9), new Scored("d3", 0.7),
            new Scored("d1", 0.8));

    @Test
    void recallCountsRelevantDocumentsInTheTopK() {
        List<String> ranked = RetrievalMetrics.order(RUN);
        assertEquals(List.of("d5", "d1", "d3", "d2"), ranked);
        assertEquals(0.0, RetrievalMetrics.recall(ranked, QRELS, 1));
        assertEquals(1.0 / 3, RetrievalMetrics.recall(ranked, QRELS, 2), 1e-12);
        assertEquals(2.0 / 3, RetrievalMetrics.recall(ranked, QRELS, 10), 1e-12);
    }

    @Test
    void mrrIsTheReciprocalRankOfTheFirstRelevantWithinK() {
        List<String> ranked = RetrievalMetrics.order(RUN);
        assertEquals(0.5, RetrievalMetrics.mrr(ranked, QRELS, 10));
        assertEquals(0.0, RetrievalMetrics.mrr(ranked, QRELS, 1));
    }

    @Test
    void ndcgUsesGradedGainsAndTheIdealOrderOfAllJudgedRelevantDocuments() {
        List<String> ranked = RetrievalMetrics.order(RUN);
        // DCG = 2/log2(3) + 1/log2(5) = 1.692536; IDCG = 2/log2(2) + 1/log2(3) + 1/log2(4) = 3.130930
        assertEquals(0.5405857679, RetrievalMetrics.ndcg(ranked, QRELS, 10), 1e-9);
        assertEquals(0.0, RetrievalMetrics.ndcg(ranked, QRELS, 1));
        // Perfect order: d1, d2, d4.
        assertEquals(1.0, RetrievalMetrics.ndcg(List.of("d1", "d4", "d2"), QRELS, 10), 1e-12);
    }

    @Test
    void tiesAreBrokenLikeTrecEvalByDocumentIdDescending() {
        List<Scored> tied = List.of(new Scored("a", 0.5), new Scored("b", 0.5), new Scored("c", 0.4));
        assertEquals(List.of("b", "a", "c"), RetrievalMetrics.order(tied));
        assertEquals(0.5, RetrievalMetrics.mrr(RetrievalMetrics.order(tied), Map.of("a", 1), 10));
    }

    @Test
    void queriesWithoutRelevantDocumentsScoreZeroAndCountInTheMean() {
        Map<String, Map<String, Integer>> qrels = Map.of("q1", QRELS, "q2", Map.of("x", 0), "q3", Map.of("y", 1));
        // q3 has no run at all: an empty ranking.
        MetricSummary summary = MetricSummary.of(Map.of("q1", RUN, "q2", List.of(new Scored("x", 1.0))), qrels, 10);
        assertEquals(3, summary.queries());
        assertEquals(0.5405857679 / 3, summary.metrics().get("ndcg@10"), 1e-9);
        assertEquals(0.5 / 3, summary.metrics().get("mrr@10"), 1e-12);
        assertEquals((2.0 / 3) / 3, summary.metrics().get("recall@10"), 1e-12);
        // Recall@K is reported only up to the depth the run was asked for.
        assertEquals(false, summary.metrics().containsKey("recall@20"));
    }
}
