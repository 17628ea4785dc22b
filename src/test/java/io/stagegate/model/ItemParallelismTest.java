package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.testing.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Per-item (int8) checkpoints run items side by side on one-thread sessions; results must not notice. */
class ItemParallelismTest {
    private static final String TEXT = "Octopuses solve puzzles and open jars.";

    @Test
    void itemsRunSideBySideGiveTheVectorsOfALoneRunBitForBit() throws Exception {
        try (ModelCatalog parallel = new ModelCatalog(Map.of(), new ModelCatalog.Settings(2, 16, 8192, false, 2))) {
            Embedder e = parallel.embedder("all-minilm-l6-v2-q");
            assertTrue(parallel.settings().itemParallel(e.spec()));
            float[] alone = e.embedDocuments(List.of(TEXT))[0];
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> runs = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String first = i % 2 == 0 ? TEXT : "Neighbour " + i + ": volcanoes form where magma reaches the surface.";
                    runs.add(pool.submit(() -> e.embedDocuments(List.of(first, TEXT))[1]));
                }
                for (Future<float[]> run : runs) {
                    assertArrayEquals(alone, run.get());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void oneThreadPerItemGivesTheVectorsOfTwoIntraOpThreads() {
        float[] oneThread;
        try (ModelCatalog parallel = new ModelCatalog(Map.of(), new ModelCatalog.Settings(2, 16, 8192, false, 2))) {
            oneThread = parallel.embedder("bge-small-en-v1.5-q").embedDocuments(List.of(TEXT))[0];
        }
        try (ModelCatalog serial = TestModels.catalog()) {
            Embedder e = serial.embedder("bge-small-en-v1.5-q");
            assertFalse(serial.settings().itemParallel(e.spec()));
            // Vectors ingested under one layout are searched under the other: they must agree exactly.
            assertArrayEquals(e.embedDocuments(List.of(TEXT))[0], oneThread);
        }
    }

    @Test
    void batchedCheckpointsKeepTheirIntraOpThreads() {
        try (ModelCatalog parallel = new ModelCatalog(Map.of(), new ModelCatalog.Settings(2, 16, 8192, false, 2))) {
            assertFalse(parallel.settings().itemParallel(parallel.checkpoint("bge-small-en-v1.5").orElseThrow().spec()));
        }
    }
}
