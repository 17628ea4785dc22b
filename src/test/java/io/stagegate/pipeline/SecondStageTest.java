package io.stagegate.pipeline;

import io.stagegate.catalog.Batchers;
import io.stagegate.catalog.Gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import io.stagegate.CheckpointPair;
import io.stagegate.Document;
import io.stagegate.Fusion;
import io.stagegate.Retriever;
import io.stagegate.SearchRequest;
import io.stagegate.SearchResult;
import io.stagegate.SecondStage;
import io.stagegate.StagegateException;
import io.stagegate.batch.BatchListener;
import io.stagegate.index.Ingestor;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.model.ModelCatalog;
import io.stagegate.testing.SharedCatalog;
import io.stagegate.testing.TestGateways;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid retrieval and rescoring through the real pipeline, over real (small, fp32 and int8 MiniLM) models. */
@ExtendWith(SharedCatalog.class)
class SecondStageTest {
    static ModelCatalog catalog;
    static final String E1 = "all-minilm-l6-v2";
    static final String E2 = "all-minilm-l6-v2-q";

    static final List<Document> DOCS = List.of(
            new Document("bees", "Bees", "Honeybees collect nectar and turn it into honey inside the hive.", Map.of()),
            new Document("wasps", "Wasps", "Wasps hunt insects and build paper nests; they make no honey.", Map.of()),
            new Document("keeping", "Beekeeping", "A beekeeper harvests honey combs from hives in summer.", Map.of()),
            new Document("volcano", "Volcanoes", "Magma erupts through vents in the crust.", Map.of()),
            new Document("coffee", "Coffee", "Brewing coffee at 94 degrees extracts the best flavour.", Map.of()),
            new Document("jazz", "Jazz", "Jazz grew in New Orleans and relies on improvisation.", Map.of()),
            new Document("chess", "Chess", "The Sicilian Defence answers 1.e4 with c5.", Map.of()),
            new Document("plants", "Photosynthesis", "Plants turn sunlight, water and carbon dioxide into sugar.", Map.of()));

    @BeforeAll
    static void load(ModelCatalog shared) {
        catalog = shared;
    }

    /** Items each checkpoint's batcher computed, counted by the batch listener the gateway reports to. */
    static final class Counting {
        final Map<String, AtomicInteger> items = new ConcurrentHashMap<>();

        BatchListener listener(String id) {
            return new BatchListener() {
                @Override
                public void batch(int size, long realTokens, long paddedTokens, long[] queueNanos, long inferenceNanos) {
                    items.computeIfAbsent(id, k -> new AtomicInteger()).addAndGet(size);
                }

                @Override
                public void dropped(Outcome why, int count) {
                }
            };
        }

        int of(String id) {
            return items.getOrDefault(id, new AtomicInteger()).get();
        }
    }

    static Gateway open(Path dir, Counting counting, CheckpointPair... pairs) {
        Map<String, CheckpointPair> map = new LinkedHashMap<>();
        for (CheckpointPair p : pairs) {
            map.put(p.id(), p);
        }
        return Gateway.builder(new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.of("en")), catalog,
                        new StageExecutors(1, 64, 1, 64))
                .batching(new Batchers.Settings(TestGateways.POLICY, id -> 1, counting::listener))
                .queryCache(new QueryVectorCache(0))
                .serve(map, pairs[0].id());
    }

    static SearchResult search(Gateway g, String pair, String query, int k) {
        return g.pipeline(pair).search(new SearchRequest("t", query, 3, k, pair, false)).await().indefinitely();
    }

    @Test
    void rescoringReadsStoredVectorsAndEmbedsOnlyTheQueryOncePerEmbedder(@TempDir Path dir) {
        CheckpointPair rescored = new CheckpointPair("rescored", E1, Retriever.DENSE, Optional.of("en"), Fusion.RRF,
                new SecondStage.Rescoring(List.of(E2), true, Fusion.convex(List.of())), 6, 3);
        Counting counting = new Counting();
        try (Gateway g = open(dir, counting, rescored)) {
            g.ingestor().ingest(DOCS, Ingestor.Progress.NONE);
            assertEquals(DOCS.size(), counting.of(E1));
            assertEquals(DOCS.size(), counting.of(E2), "ingest embeds every document with the rescoring embedder too");
            SearchResult r = search(g, "rescored", "how do bees make honey", 6);
            assertEquals(DOCS.size() + 1, counting.of(E1), "one query embedding, no document re-embedded");
            assertEquals(DOCS.size() + 1, counting.of(E2), "one query embedding, no document re-embedded");
            assertEquals("bees", r.hits().get(0).id());
            // The fused score is the convex min-max fusion of dot products with the stored vectors and BM25.
            List<String> ids = r.candidates().stream().map(c -> c.document().id()).toList();
            float[] q1 = catalog.embedder(E1).embedQuery("how do bees make honey").vector();
            float[] q2 = catalog.embedder(E2).embedQuery("how do bees make honey").vector();
            List<float[]> v1 = g.store().vectorIndex(E1).vectors(ids);
            List<float[]> v2 = g.store().vectorIndex(E2).vectors(ids);
            Map<String, Double> bm25 = g.store().lexicalIndex("en").scores("how do bees make honey", ids);
            List<ScoreFusion.Input> inputs = List.of(input(ids, q1, v1), input(ids, q2, v2), bm25Input(ids, bm25));
            var expected = ScoreFusion.fuse(inputs, Fusion.convex(List.of()));
            for (int i = 0; i < r.hits().size(); i++) {
                assertEquals(expected.get(i).id(), r.hits().get(i).id());
                assertEquals(expected.get(i).score(), r.hits().get(i).score(), 1e-6);
            }
        }
    }

    static ScoreFusion.Input input(List<String> ids, float[] q, List<float[]> v) {
        Map<String, Double> s = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            s.put(ids.get(i), Rescorer.dot(q, v.get(i)));
        }
        return bm25Input(ids, s);
    }

    static ScoreFusion.Input bm25Input(List<String> ids, Map<String, Double> scores) {
        List<String> present = new java.util.ArrayList<>(ids.stream().filter(scores::containsKey).toList());
        present.sort((a, b) -> Double.compare(scores.get(b), scores.get(a)));
        return new ScoreFusion.Input(present, present.stream().mapToDouble(scores::get).toArray());
    }

    @Test
    void hybridCandidatesAreTheDeduplicatedFusionOfBothListsCutToK(@TempDir Path dir) {
        CheckpointPair dense = new CheckpointPair("dense", E1, Optional.empty(), 4, 3);
        CheckpointPair bm25 = new CheckpointPair("bm25", E1, Retriever.BM25, Optional.of("en"), Fusion.RRF,
                SecondStage.NONE, 4, 3);
        CheckpointPair hybrid = new CheckpointPair("hybrid", E1, Retriever.HYBRID, Optional.of("en"), Fusion.rrf(60),
                SecondStage.NONE, 4, 3);
        Counting counting = new Counting();
        try (Gateway g = open(dir, counting, hybrid, dense, bm25)) {
            g.ingestor().ingest(DOCS, Ingestor.Progress.NONE);
            String q = "honey from the hive";
            List<Candidate> d = search(g, "dense", q, 4).candidates();
            List<Candidate> l = search(g, "bm25", q, 4).candidates();
            int before = counting.of(E1);
            search(g, "bm25", q, 4);
            assertEquals(before, counting.of(E1), "a pure BM25 pair embeds nothing");
            SearchResult h = search(g, "hybrid", q, 4);
            List<String> ids = h.candidates().stream().map(c -> c.document().id()).toList();
            assertEquals(4, ids.size());
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no duplicates");
            for (int i = 0; i < h.candidates().size(); i++) {
                assertEquals(i + 1, h.candidates().get(i).annRank());
                if (i > 0) {
                    assertTrue(h.candidates().get(i).annScore() <= h.candidates().get(i - 1).annScore());
                }
            }
            var expected = ScoreFusion.fuse(List.of(inputOf(d), inputOf(l)), Fusion.rrf(60));
            assertEquals(expected.subList(0, 4).stream().map(ScoreFusion.Fused::id).toList(), ids);
            assertEquals(ids.subList(0, 3), h.hits().stream().map(x -> x.id()).toList(), "no second stage: fused order");
        }
    }

    static ScoreFusion.Input inputOf(List<Candidate> c) {
        return new ScoreFusion.Input(c.stream().map(x -> x.document().id()).toList(),
                c.stream().mapToDouble(Candidate::annScore).toArray());
    }

    @Test
    void pairsThatNameMissingPartsAreRefusedNamingTheField(@TempDir Path dir) {
        CheckpointPair unknown = new CheckpointPair("x", E1, Retriever.DENSE, Optional.empty(), Fusion.RRF,
                new SecondStage.Rescoring(List.of("no-such-embedder"), false, Fusion.RRF), 10, 5);
        var e = assertThrows(StagegateException.class, () -> open(dir.resolve("a"), new Counting(), unknown).close());
        assertTrue(e.getMessage().startsWith("pair 'x': rescore.embedders[0]: unknown checkpoint 'no-such-embedder'"),
                e.getMessage());
        CheckpointPair cjk = new CheckpointPair("y", E1, Retriever.BM25, Optional.of("cjk"), Fusion.RRF, SecondStage.NONE,
                10, 5);
        e = assertThrows(StagegateException.class, () -> open(dir.resolve("b"), new Counting(), cjk).close());
        assertTrue(e.getMessage().contains("lexical names 'cjk', which is not an indexed lexical field"), e.getMessage());
    }
}
