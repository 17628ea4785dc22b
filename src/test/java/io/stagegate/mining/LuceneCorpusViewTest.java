package io.stagegate.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Document;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneCorpusViewTest {
    private static StoredDocument doc(String id, String title, String text) {
        return new StoredDocument(new Document(id, title, text, Map.of()), Map.of("e", new float[] {1, 0}));
    }

    @Test
    void readsTheDataDirWhileTheServersWriterHoldsItOpen(@TempDir Path dataDir) {
        try (LuceneStore store = new LuceneStore(dataDir.resolve("corpus"), HnswSettings.defaults())) {
            store.upsert(List.of(doc("a", "Bees", "Honeybees make honey."), doc("b", "", "No title here.")));
            try (LuceneCorpusView view = LuceneCorpusView.openDataDir(dataDir)) {
                assertEquals(Optional.of("Bees Honeybees make honey."), view.text("a"));
                assertEquals(Optional.of("No title here."), view.text("b"));
                assertEquals(Optional.empty(), view.text("missing"));
                assertEquals(List.of("a", "b"), view.ids().stream().sorted().toList());
                // The writer is not blocked by the reader, and the reader keeps the snapshot it opened.
                store.upsert(List.of(doc("c", "", "Later.")));
                assertEquals(Optional.empty(), view.text("c"));
                assertEquals(3, store.size());
            }
            store.upsert(List.of(doc("a", "Bees", "Replaced.")));
            try (LuceneCorpusView view = LuceneCorpusView.openDataDir(dataDir)) {
                assertEquals(Optional.of("Bees Replaced."), view.text("a"));
                assertEquals(3, view.ids().size());
            }
        }
    }

    @Test
    void storedVectorsAreReadBackPerEmbedder(@TempDir Path dataDir) {
        try (LuceneStore store = new LuceneStore(dataDir.resolve("corpus"), HnswSettings.defaults())) {
            store.upsert(List.of(new StoredDocument(new Document("a", "", "x", Map.of()),
                            Map.of("e", new float[] {0.6f, 0.8f}, "f", new float[] {1, 0, 0})),
                    new StoredDocument(new Document("b", "", "y", Map.of()), Map.of("e", new float[] {0, 1}))));
            try (LuceneCorpusView view = LuceneCorpusView.openDataDir(dataDir)) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.6f, 0.8f}, view.vector("e", "a").orElseThrow());
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0, 1}, view.vector("e", "b").orElseThrow());
                org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 0, 0}, view.vector("f", "a").orElseThrow());
                assertEquals(Optional.empty(), view.vector("f", "b"), "b has no vector under f");
                assertEquals(Optional.empty(), view.vector("nope", "a"));
                assertEquals(Optional.empty(), view.vector("e", "missing"));
            }
        }
    }

    @Test
    void aDirectoryWithoutAnIndexIsRefusedClearly(@TempDir Path dataDir) {
        var e = assertThrows(IllegalArgumentException.class, () -> LuceneCorpusView.openDataDir(dataDir));
        assertTrue(e.getMessage().contains("corpus"), e.getMessage());
    }
}
