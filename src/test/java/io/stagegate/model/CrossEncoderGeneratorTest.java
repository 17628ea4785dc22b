package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.extension.ExtendWith(io.stagegate.testing.SharedCatalog.class)
class CrossEncoderGeneratorTest {
    static final String QUERY = "what do bees communicate with the waggle dance";
    static final List<String> DOCS = List.of(
            "Honeybees communicate the direction and distance of flowers with the waggle dance.",
            "Kafka is a distributed log of partitioned topics.",
            "Bees pollinate many crops.");
    /** Scores of the generated head (seed 20261126) on DOCS; a change means the generator or the runtime changed. */
    static final double[] GOLDEN = {0.545698, 0.469293, 0.495793};

    static ModelCatalog catalog;

    @BeforeAll
    static void load(ModelCatalog shared) {
        catalog = shared;
    }

    @Test
    void generatedCrossEncoderFollowsTheContractAndMatchesGoldenScores() {
        CrossEncoder ce = catalog.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER);
        double[] scores = ce.score(QUERY, DOCS);
        assertArrayEquals(GOLDEN, scores, 1e-4);
    }

    @Test
    void scoresDoNotDependOnBatchNeighbours() {
        CrossEncoder ce = catalog.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER);
        double[] batched = ce.score(QUERY, DOCS);
        for (int i = 0; i < DOCS.size(); i++) {
            assertEquals(batched[i], ce.score(QUERY, List.of(DOCS.get(i)))[0], 1e-6);
        }
    }

    @Test
    void aWrittenCheckpointDirectoryLoadsByPathWithTheSameScores(@TempDir Path dir) throws Exception {
        ModelFiles base = BuiltinCheckpoints.resourceFiles("all-minilm-l6-v2");
        ModelFiles files = new ModelFiles(CrossEncoderGenerator.appendHead(base.onnx(), CrossEncoderGenerator.DEFAULT_SEED),
                base.tokenizerJson());
        CheckpointDirectory.write(dir, files, new CheckpointDirectory.Descriptor("cross-encoder", null, false, 512, "", "",
                "logits", "batched"));
        try (ModelCatalog user = new ModelCatalog(Map.of("my-ce", CheckpointDirectory.open("my-ce", dir, "cpu")),
                new ModelCatalog.Settings(2, 16, 8192, false))) {
            assertArrayEquals(catalog.crossEncoder(BuiltinCheckpoints.SYNTHETIC_CROSS_ENCODER).score(QUERY, DOCS),
                    user.crossEncoder("my-ce").score(QUERY, DOCS), 1e-6);
        }
    }

    @Test
    void anEmbedderIsNotAcceptedAsAReranker() {
        var e = assertThrows(io.stagegate.StagegateException.class, () -> catalog.crossEncoder("all-minilm-l6-v2"));
        assertEquals(io.stagegate.ErrorKind.INVALID_REQUEST, e.kind());
    }

    @Test
    void aDirectoryWithoutDescriptorIsRejectedNamingTheFile(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> CheckpointDirectory.open("x", dir, "cpu"));
        assertEquals(true, e.getMessage().contains(CheckpointDirectory.DESCRIPTOR));
    }
}
