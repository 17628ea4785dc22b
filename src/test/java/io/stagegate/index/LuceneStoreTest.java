package io.stagegate.index;

import io.stagegate.Candidate;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LuceneStoreTest {
    static float[] unit(float... v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(n));
        }
        return out;
    }

    static StoredDocument doc(String id, String text, float... vector) {
        return new StoredDocument(new Document(id, "t-" + id, text, Map.of("k", id)), Map.of("e", unit(vector)));
    }

    @Test
    void upsertReplacesByIdAndSurvivesReopen(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(List.of(doc("a", "first", 1, 0, 0), doc("b", "second", 0, 1, 0)));
            store.upsert(List.of(doc("a", "replaced", 0, 0, 1)));
            assertEquals(2, store.size());
            assertEquals("replaced", store.get("a").orElseThrow().text());
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            assertEquals(2, store.size());
            assertEquals(Map.of("k", "a"), store.get("a").orElseThrow().metadata());
            List<Candidate> hits = store.vectorIndex("e").search(unit(0, 0, 1), 2);
            assertEquals("a", hits.get(0).document().id());
            assertEquals(1.0, hits.get(0).annScore(), 1e-6);
            assertEquals(1, hits.get(0).annRank());
            assertEquals(2, store.vectorIndex("e").size());
        }
    }

    @Test
    void aDeletedDocumentLeavesEveryIndexAtOnceAndForGood(@TempDir Path dir) {
        LexicalSettings en = new LexicalSettings(List.of("en"), 0.9, 0.4);
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), en)) {
            store.upsert(List.of(doc("a", "apples grow on trees", 1, 0, 0), doc("b", "bananas grow on plants", 0.9f, 0.1f, 0),
                    new StoredDocument(new Document("c", "", "cherries grow on trees", Map.of()),
                            Map.of("e", unit(0.8f, 0.2f, 0), "other", unit(1, 1)))));
            assertTrue(store.delete("a"));
            assertTrue(store.delete("c"));
            assertEquals(false, store.delete("a"), "already gone");
            assertEquals(false, store.delete("never-there"));
            assertTrue(store.get("a").isEmpty());
            assertEquals(List.of("b"), ids(store.vectorIndex("e").search(unit(1, 0, 0), 10)));
            assertEquals(List.of(), ids(store.vectorIndex("other").search(unit(1, 1), 10)), "every embedder's vector goes");
            assertEquals(List.of("b"), ids(store.lexicalIndex("en").search("grow trees", 10)));
            assertEquals(Map.of(), store.lexicalIndex("en").scores("trees", List.of("a", "c")));
            assertEquals(null, store.vectorIndex("e").vectors(List.of("a")).get(0));
            assertEquals(1, store.size());
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), en)) {
            assertTrue(store.get("a").isEmpty(), "durable");
            assertEquals(List.of("b"), ids(store.vectorIndex("e").search(unit(1, 0, 0), 10)));
        }
    }

    @Test
    void changesFromALogApplyInTheirOrder(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.apply(List.of(DocumentChange.upsert(doc("a", "one", 1, 0, 0)), DocumentChange.delete("a"),
                    DocumentChange.upsert(doc("b", "two", 0, 1, 0)), DocumentChange.delete("b"),
                    DocumentChange.upsert(doc("b", "three", 0, 1, 0))), "docs", Map.of(0, 5L));
            assertTrue(store.get("a").isEmpty());
            assertEquals("three", store.get("b").orElseThrow().text());
            assertEquals(Map.of(0, 5L), store.committedOffsets("docs"));
        }
    }

    private static List<String> ids(List<Candidate> hits) {
        return hits.stream().map(c -> c.document().id()).toList();
    }

    @Test
    void aBatchThatFailsHalfWayLeavesNothingVisibleEvenAfterLaterWrites(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(List.of(doc("keep", "kept", 1, 0, 0)));
            // The third document's vector has another dimension: Lucene rejects it after two were buffered.
            List<StoredDocument> bad = List.of(doc("x1", "one", 1, 1, 0), doc("x2", "two", 0, 1, 1), doc("x3", "three", 1, 1));
            var e = assertThrows(StagegateException.class, () -> store.upsert(bad));
            assertTrue(e.getMessage().contains("dimension"), e.getMessage());
            store.upsert(List.of(doc("later", "later", 0, 0, 1)));
            assertEquals(2, store.size());
            assertTrue(store.get("x1").isEmpty());
            assertTrue(store.get("x2").isEmpty());
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            assertEquals(2, store.size());
        }
    }

    @Test
    void missingVectorsListsDocumentsAnEmbedderDoesNotCoverWithTheVectorsTheyHave(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(List.of(doc("a", "x", 1, 0), doc("b", "y", 0, 1)));
            List<StoredDocument> missing = store.missingVectors("other", 10);
            assertEquals(2, missing.size());
            assertEquals(2, missing.get(0).vectors().get("e").length);
            var both = new ArrayList<StoredDocument>();
            for (StoredDocument s : missing) {
                both.add(new StoredDocument(s.document(), Map.of("e", s.vectors().get("e"), "other", unit(1, 1, 1))));
            }
            store.upsert(both);
            assertEquals(0, store.missingVectors("other", 10).size());
            assertEquals(2, store.vectorIndex("other").size());
            assertEquals(2, store.vectorIndex("e").size());
        }
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsToldItIsInUse(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            var e = assertThrows(StagegateException.class, () -> new LuceneStore(dir, HnswSettings.defaults()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void replicationOffsetsCommitWithTheirDocumentsAndOutliveLocalWritesAndReopen(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            assertEquals(Map.of(), store.committedOffsets("docs"));
            store.upsert(List.of(doc("a", "x", 1, 0)), "docs", Map.of(0, 5L, 1, 2L));
            store.upsert(List.of(doc("b", "y", 0, 1)), "docs", Map.of(1, 3L));
            // Local writes (backfills) carry the offsets forward.
            store.upsert(List.of(doc("c", "z", 1, 1)));
            store.addVectors("other", store.missingVectors("other", 10), List.of(new float[] {1, 0}, new float[] {0, 1},
                    new float[] {1, 0}));
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            assertEquals(Map.of(0, 5L, 1, 3L), store.committedOffsets("docs"));
            assertEquals(Map.of(), store.committedOffsets("another-topic"));
            assertEquals(3, store.size());
            // A batch the index refuses commits neither its documents nor its offsets.
            assertThrows(StagegateException.class, () -> store.upsert(List.of(doc("d", "w", 1, 0, 0), doc("e", "v", 1, 0)),
                    "docs", Map.of(0, 9L)));
            assertEquals(Map.of(0, 5L, 1, 3L), store.committedOffsets("docs"));
            assertEquals(3, store.size());
        }
    }
}
