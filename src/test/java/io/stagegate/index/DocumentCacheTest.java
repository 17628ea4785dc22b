package io.stagegate.index;

import static io.stagegate.index.LuceneStoreTest.doc;
import static io.stagegate.index.LuceneStoreTest.unit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentCacheTest {
    private static LuceneStore store(Path dir, long budget) {
        return new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.none(), new DocumentCache(budget));
    }

    @Test
    void aSecondSearchReadsItsHitsFromTheCache(@TempDir Path dir) {
        try (LuceneStore store = store(dir, 1 << 20)) {
            store.upsert(List.of(doc("a", "first", 1, 0, 0), doc("b", "second", 0, 1, 0), doc("c", "third", 0, 0, 1)));
            List<Candidate> first = store.vectorIndex("e").search(unit(1, 0, 0), 3);
            DocumentCache cache = store.documentCache();
            assertEquals(3, cache.misses());
            assertEquals(0, cache.hits());
            List<Candidate> second = store.vectorIndex("e").search(unit(1, 0, 0), 3);
            assertEquals(3, cache.hits());
            assertEquals(3, cache.misses());
            for (int i = 0; i < 3; i++) {
                assertSame(first.get(i).document(), second.get(i).document());
            }
            assertEquals(first.getFirst().document(), store.get("a").orElseThrow());
        }
    }

    @Test
    void anUpdatedDocumentIsNeverServedFromTheCacheInItsOldVersion(@TempDir Path dir) {
        try (LuceneStore store = store(dir, 1 << 20)) {
            store.upsert(List.of(doc("a", "old text", 1, 0, 0), doc("b", "other", 0, 1, 0)));
            assertEquals("old text", store.vectorIndex("e").search(unit(1, 0, 0), 1).getFirst().document().text());
            store.upsert(List.of(doc("a", "new text", 1, 0, 0)));
            assertEquals("new text", store.vectorIndex("e").search(unit(1, 0, 0), 1).getFirst().document().text());
        }
    }

    @Test
    void theBudgetBoundsWhatItHoldsAndClosingTheIndexEmptiesIt(@TempDir Path dir) {
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            docs.add(doc("d" + i, "x".repeat(1000), 1, i, 0));
        }
        // About five of these documents fit in 12 KB (1,000 characters are 2 KB of heap, plus overhead).
        DocumentCache cache;
        try (LuceneStore store = store(dir, 12_000)) {
            store.upsert(docs);
            store.vectorIndex("e").search(unit(1, 1, 0), 50);
            cache = store.documentCache();
            assertTrue(cache.usedBytes() <= 12_000, "used " + cache.usedBytes());
            assertTrue(cache.size() >= 4 && cache.size() <= 6, "held " + cache.size());
        }
        assertEquals(0, cache.size(), "entries of closed segments are dropped");
        assertEquals(0, cache.usedBytes());
    }

    @Test
    void offReadsEveryHitAndHoldsNothing(@TempDir Path dir) {
        try (LuceneStore store = store(dir, 0)) {
            store.upsert(List.of(doc("a", "first", 1, 0, 0)));
            store.vectorIndex("e").search(unit(1, 0, 0), 1);
            store.vectorIndex("e").search(unit(1, 0, 0), 1);
            assertEquals(0, store.documentCache().size());
            assertEquals(0, store.documentCache().hits());
        }
        assertThrows(IllegalArgumentException.class, () -> new DocumentCache(-1));
    }
}
