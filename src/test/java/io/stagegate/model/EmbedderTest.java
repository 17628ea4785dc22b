package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.stagegate.testing.SharedCatalog.class)
class EmbedderTest {
    static ModelCatalog catalog;

    @BeforeAll
    static void load(ModelCatalog shared) {
        catalog = shared;
    }

    @Test
    void minilmVectorsAreUnitLengthAndSemantic() {
        Embedder e = catalog.embedder("all-minilm-l6-v2");
        assertEquals(384, e.dimension());
        float[] q = e.embedQuery("how do plants turn sunlight into energy").vector();
        float[][] docs = e.embedDocuments(List.of(
                "Photosynthesis converts light energy into chemical energy stored in glucose.",
                "The French Revolution began in 1789 and abolished the monarchy."));
        double norm = 0;
        for (float x : q) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
        double related = TestModels.cosine(q, docs[0]);
        double unrelated = TestModels.cosine(q, docs[1]);
        assertTrue(related > unrelated + 0.3, "related " + related + " vs unrelated " + unrelated);
    }

    @Test
    void fp32ResultsDoNotDependOnBatchNeighbours() {
        Embedder e = catalog.embedder("all-minilm-l6-v2");
        String text = "Mitochondria produce most of the cell's ATP.";
        float[] alone = e.embedDocuments(List.of(text))[0];
        float[][] batched = e.embedDocuments(List.of(
                "A much longer neighbour that forces padding of the short item to many more positions than it has, "
                        + "so that any leak of padding into the pooled vector would show up as a difference.",
                text, "short"));
        double maxDiff = 0;
        for (int i = 0; i < alone.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(alone[i] - batched[1][i]));
        }
        assertTrue(maxDiff < 1e-5, "fp32 drifted by " + maxDiff + " when batched");
    }

    @Test
    void int8CheckpointsRunPerItemSoResultsAreBitIdenticalWhateverTheNeighbours() {
        Embedder e = catalog.embedder("all-minilm-l6-v2-q");
        assertEquals(Execution.PER_ITEM, e.spec().execution());
        String text = "Octopuses solve puzzles and open jars.";
        float[] alone = e.embedDocuments(List.of(text))[0];
        float[][] batched = e.embedDocuments(List.of("Volcanoes form where magma reaches the surface, often at plate "
                + "boundaries or hot spots such as Hawaii, and explosive eruptions can cool the climate.", text));
        assertArrayEquals(alone, batched[1]);
    }

    @Test
    void bgeQueriesCarryTheRetrievalInstructionAndLongQueriesAreReportedTruncated() {
        Embedder e = catalog.embedder("all-minilm-l6-v2");
        Embedder.QueryEmbedding shortQuery = e.embedQuery("hello world");
        assertTrue(!shortQuery.truncated());
        Embedder.QueryEmbedding longQuery = e.embedQuery("word ".repeat(400));
        assertTrue(longQuery.truncated());
        assertEquals(256, longQuery.tokens());
        assertEquals(BuiltinCheckpoints.BGE_EN_QUERY_PREFIX,
                catalog.checkpoint("bge-small-en-v1.5").orElseThrow().spec().queryPrefix());
    }

    @Test
    void e5AddsItsRolePrefixesPoolsByMeanAndRanksTheRelatedPassageFirst() {
        Embedder e = catalog.embedder("e5-small-v2-q");
        assertEquals(Pooling.MEAN, e.spec().pooling());
        assertEquals(Execution.PER_ITEM, e.spec().execution());
        assertEquals(384, e.dimension());
        assertArrayEquals(e.tokenizer().encode("query: how do bees make honey").ids(),
                e.encodeQuery("how do bees make honey").ids());
        assertArrayEquals(e.tokenizer().encode("passage: Bees store nectar.").ids(),
                e.encodeDocuments(List.of("Bees store nectar.")).get(0).ids());
        float[] q = e.embedQuery("how do bees make honey").vector();
        float[][] docs = e.embedDocuments(List.of(
                "Honeybees evaporate nectar in the hive until it thickens into honey.",
                "The Treaty of Westphalia ended the Thirty Years' War in 1648."));
        double related = TestModels.cosine(q, docs[0]);
        double unrelated = TestModels.cosine(q, docs[1]);
        assertTrue(related > unrelated + 0.05, "related " + related + " vs unrelated " + unrelated);
    }
}
