package io.stagegate.batch;

import io.stagegate.Deadline;
import io.stagegate.ErrorKind;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.Embedder;
import io.stagegate.model.Encoded;
import io.stagegate.model.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Results under dynamic batching do not depend on what an item is batched with (real models). */
@org.junit.jupiter.api.extension.ExtendWith(io.stagegate.testing.SharedCatalog.class)
class BatchedModelsTest {
    static ModelCatalog catalog;
    static final BatchPolicy POLICY = new BatchPolicy(16, 8192, 0, 1 << 20, 0.5, true, 0, 100.0);
    static final String TEXT = "Coral reefs bleach when warm water makes corals expel their algae.";

    @BeforeAll
    static void load(ModelCatalog shared) {
        catalog = shared;
    }

    /** Embeds TEXT alone, then again while the worker is busy so it lands in a batch with longer neighbours. */
    static float[][] aloneAndCrowded(BatchedEmbedder batched) throws Exception {
        Embedder e = batched.embedder();
        Encoded target = e.encodeDocuments(List.of(TEXT)).getFirst();
        float[] alone = batched.batcher().submit(List.of(target), Priority.INTERACTIVE, Deadline.NONE).future().join()
                .outputs().getFirst();
        List<Encoded> neighbours = e.encodeDocuments(List.of(
                "Octopuses solve puzzles, open jars and use coconut shells as tools; most of their neurons sit in their arms.",
                "Kafka is a distributed log.", "The Amazon spans nine countries and stores vast amounts of carbon in its trees."));
        // Occupy the worker with a large batch so the following submissions queue up and share one batch.
        List<Encoded> filler = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            filler.add(neighbours.get(i % 3));
        }
        var busy = batched.batcher().submit(filler, Priority.INTERACTIVE, Deadline.NONE);
        var crowd = batched.batcher().submit(neighbours, Priority.INTERACTIVE, Deadline.NONE);
        var again = batched.batcher().submit(List.of(target), Priority.INTERACTIVE, Deadline.NONE);
        busy.future().join();
        crowd.future().join();
        return new float[][] {alone, again.future().join().outputs().getFirst()};
    }

    @Test
    void fp32EmbeddingsAgreeWithinFloatNoiseWhateverTheBatch() throws Exception {
        try (BatchedEmbedder b = new BatchedEmbedder(catalog.embedder("all-minilm-l6-v2"), POLICY, 1, BatchListener.NONE,
                System::nanoTime)) {
            float[][] v = aloneAndCrowded(b);
            double maxDiff = 0;
            for (int i = 0; i < v[0].length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(v[0][i] - v[1][i]));
            }
            assertTrue(maxDiff < 1e-5, "fp32 drifted by " + maxDiff);
        }
    }

    @Test
    void int8EmbeddingsAreBitIdenticalBecauseTheyRunPerItem() throws Exception {
        try (BatchedEmbedder b = new BatchedEmbedder(catalog.embedder("all-minilm-l6-v2-q"), POLICY, 1, BatchListener.NONE,
                System::nanoTime)) {
            assertEquals(1, b.batcher().policy().maxBatchSize());
            float[][] v = aloneAndCrowded(b);
            assertArrayEquals(v[0], v[1]);
        }
    }

    @Test
    void rerankScoresAreTheSameAloneAndInACrowdedBatch() {
        try (BatchedCrossEncoder b = new BatchedCrossEncoder(catalog.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER),
                POLICY, 1, BatchListener.NONE, System::nanoTime)) {
            List<Encoded> pairs = b.crossEncoder().encode("why do corals bleach", List.of(TEXT, "Jazz began in New Orleans.",
                    "Honeybees communicate with the waggle dance and pollinate many crops worldwide."));
            double alone = b.batcher().submit(List.of(pairs.get(0)), Priority.INTERACTIVE, Deadline.NONE).future().join()
                    .outputs().getFirst();
            double together = b.batcher().submit(pairs, Priority.INTERACTIVE, Deadline.NONE).future().join().outputs().getFirst();
            assertEquals(alone, together, 1e-6);
        }
    }

    @Test
    void aCudaCheckpointFailsByNameWithoutCudaOrFallsBackToCpuWhenAllowed(@TempDir Path dir) throws Exception {
        var base = BuiltinCheckpoints.find("all-minilm-l6-v2-q").orElseThrow().files().get();
        CheckpointDirectory.write(dir, base, new CheckpointDirectory.Descriptor("embedder", "mean", true, 256, "", "",
                "last_hidden_state", "per-item"));
        var gpu = Map.of("gpu-emb", CheckpointDirectory.open("gpu-emb", dir, "cuda:0"));
        try (ModelCatalog strict = new ModelCatalog(gpu, new ModelCatalog.Settings(2, 16, 8192, false))) {
            var e = assertThrows(StagegateException.class, () -> strict.embedder("gpu-emb"));
            assertEquals(ErrorKind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("'gpu-emb'") && e.getMessage().contains("cuda:0"), e.getMessage());
        }
        try (ModelCatalog lenient = new ModelCatalog(gpu, new ModelCatalog.Settings(2, 16, 8192, true))) {
            assertEquals(384, lenient.embedder("gpu-emb").dimension());
            assertEquals(java.util.Set.of("gpu-emb"), lenient.cudaFallbacks());
        }
    }
}
