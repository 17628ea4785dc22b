package io.stagegate.mining;

import static io.stagegate.mining.MiningEvents.feedback;
import static io.stagegate.mining.MiningEvents.query;
import static java.time.Duration.ofMinutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Document;
import io.stagegate.model.Embedder;
import io.stagegate.model.ModelCatalog;
import io.stagegate.testing.SharedCatalog;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Refresh mode and the hardness report with a real checkpoint (MiniLM-L6). */
@ExtendWith(SharedCatalog.class)
class RefreshModeTest {
    private static final List<Document> DOCS = List.of(
            new Document("h1", "Honeybees", "Honeybees collect nectar and make honey in their hives.", Map.of()),
            new Document("h2", "Honey production", "Beekeepers harvest honey that bees store in combs.", Map.of()),
            new Document("w", "Wasps", "Wasps are insects related to bees but make no honey.", Map.of()),
            new Document("v", "Volcanoes", "Magma erupts from volcanoes at plate boundaries.", Map.of()),
            new Document("c", "Chess", "The Sicilian Defence is a chess opening.", Map.of()),
            new Document("r", "Rivers", "The Amazon carries more water than any other river.", Map.of()));

    @Test
    void rescoresTheWholePoolOfAQueryTextAndTakesTheTopNonPositives(ModelCatalog catalog) {
        HardNegativeMiner miner = new HardNegativeMiner(new MiningSettings(ofMinutes(30), Duration.ZERO, 20, 2));
        miner.add(query("q1", "which insects make honey", Duration.ZERO, List.of("v", "c", "h1"), List.of("v", "c", "h1", "w")));
        miner.add(feedback("f1", "q1", "click", "h1", null, ofMinutes(1)));
        miner.add(query("q2", "Which insects  make honey", ofMinutes(3), List.of("h2", "v"), List.of("h2", "v")));
        miner.add(feedback("f2", "q2", "thumbs_down", "v", null, ofMinutes(4)));
        JsonlCorpusView corpus = new JsonlCorpusView(DOCS);
        Embedder embedder = catalog.embedder("all-minilm-l6-v2");
        EmbeddingScorer scorer = new EmbeddingScorer(embedder, corpus);

        MiningRun run = miner.refresh(corpus, scorer);

        assertEquals(1, run.examples().size(), "one example per query text");
        TrainingExample e = run.examples().getFirst();
        assertEquals("q1", e.queryId());
        assertEquals(TrainingExample.Mode.REFRESH, e.mode());
        assertEquals("all-minilm-l6-v2", e.scorer());
        assertEquals(List.of("h1"), e.positiveIds());
        // Independently: score the pool without the positive and take the two best.
        float[] q = embedder.embedQuery("which insects make honey").vector();
        List<String> pool = List.of("v", "c", "w", "h2");
        float[][] vectors = embedder.embedDocuments(pool.stream()
                .map(id -> corpus.text(id).orElseThrow()).toList());
        List<String> expected = java.util.stream.IntStream.range(0, pool.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -EmbeddingScorer.dot(q, vectors[i])))
                .map(pool::get).limit(2).toList();
        assertEquals(expected, e.negativeIds());
        for (TrainingExample.Negative n : e.negatives()) {
            double want = EmbeddingScorer.dot(q, vectors[pool.indexOf(n.id())]);
            assertEquals(want, n.score(), 1e-4, n.id());
            assertEquals(n.id().equals("v") ? NegativeSource.THUMBS_DOWN : NegativeSource.RANKED, n.source());
        }
        assertTrue(e.negatives().get(0).score() >= e.negatives().get(1).score());
        assertFalse(e.negativeIds().contains("h1"));
        assertEquals("refresh", e.meta().get("mode"));
        assertEquals(e.negatives().stream().map(TrainingExample.Negative::score).toList(), e.meta().get("neg_scores"));

        Map<String, Object> report = HardnessReport.of(run, corpus, scorer, 42);
        @SuppressWarnings("unchecked")
        Map<String, Object> sim = (Map<String, Object>) report.get("similarity");
        assertEquals(2, sim.get("mined_negatives"));
        assertEquals(2, sim.get("random_negatives"));
        assertNotNull(sim.get("mean_random_negative"));
        assertEquals(report, HardnessReport.of(run, corpus, scorer, 42), "the random draw is seeded");
    }
}
