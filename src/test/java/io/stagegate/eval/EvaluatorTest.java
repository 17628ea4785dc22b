package io.stagegate.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.CheckpointPair;
import io.stagegate.Document;
import io.stagegate.index.Ingestor;
import io.stagegate.model.ModelCatalog;
import io.stagegate.catalog.Gateway;
import io.stagegate.testing.TestGateways;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator drives the serving pipeline over BEIR-layout data and scores it. */
@org.junit.jupiter.api.extension.ExtendWith(io.stagegate.testing.SharedCatalog.class)
class EvaluatorTest {
    static ModelCatalog catalog;
    static final CheckpointPair PAIR = new CheckpointPair("minilm", "all-minilm-l6-v2", Optional.empty(), 20, 10);

    @BeforeAll
    static void load(ModelCatalog shared) {
        catalog = shared;
    }

    @Test
    void aSmallBeirDatasetWithObviousAnswersScoresHigh(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("mini");
        Files.createDirectories(data.resolve("qrels"));
        Files.writeString(data.resolve("corpus.jsonl"), """
                {"_id": "1", "title": "Bees", "text": "Honeybees pollinate crops and make honey."}
                {"_id": "2", "title": "Volcanoes", "text": "Magma erupts from volcanoes at plate boundaries."}
                {"_id": "3", "title": "Coffee", "text": "Brewing coffee with water near 94 degrees extracts it best."}
                {"_id": "4", "title": "Chess", "text": "The Sicilian Defence is a popular chess opening."}
                {"_id": "5", "title": "Jazz", "text": "Jazz began in New Orleans and relies on improvisation."}
                """);
        Files.writeString(data.resolve("queries.jsonl"), """
                {"_id": "q1", "text": "which insects make honey"}
                {"_id": "q2", "text": "where does lava come from"}
                {"_id": "q3", "text": "best temperature to brew coffee"}
                {"_id": "q4", "text": "not judged in this split"}
                """);
        Files.writeString(data.resolve("qrels").resolve("test.tsv"),
                "query-id\tcorpus-id\tscore\nq1\t1\t1\nq2\t2\t1\nq3\t3\t1\n");
        BeirDataset dataset = BeirDataset.load(data, "test");
        assertEquals(3, dataset.qrels().size());
        try (Gateway gateway = TestGateways.open(dir.resolve("store"), catalog, PAIR)) {
            gateway.ingestor().ingest(dataset.corpus(), Ingestor.Progress.NONE);
            Evaluator.Result result = Evaluator.run(gateway.pipeline("minilm"), dataset, 20, n -> { });
            assertEquals(3, result.summary().queries());
            assertEquals(1.0, result.summary().metrics().get("recall@1"), 1e-9);
            assertEquals(1.0, result.summary().metrics().get("ndcg@10"), 1e-9);
            assertTrue(result.latencyMs().get("embed").p50() > 0);
            // The same run with a filter that hides q1's only relevant document: q1 can no longer be answered.
            gateway.ingestor().ingest(dataset.corpus().stream().map(d -> new Document(d.id(), d.title(), d.text(),
                    Map.of("keep", !d.id().equals("1")))).toList(), Ingestor.Progress.NONE);
            Evaluator.Result filtered = Evaluator.run(gateway.pipeline("minilm"), dataset, 20, n -> { },
                    new io.stagegate.Filter.Term("keep", true));
            assertEquals(2.0 / 3, filtered.summary().metrics().get("recall@1"), 1e-9);
        }
    }

    /**
     * A SciFact slice (when ../shared is present): the first 400 documents and the train queries whose relevant
     * documents all lie in it. Guards tokenisation, pooling and prefixes against silent quality loss.
     */
    @Test
    void aSciFactSliceKeepsPublishedQualityLevels(@TempDir Path dir) throws IOException {
        Path scifact = Path.of("../shared/datasets/scifact");
        Assumptions.assumeTrue(Files.isDirectory(scifact), "../shared/datasets/scifact is absent");
        BeirDataset full = BeirDataset.load(scifact, "train");
        List<Document> corpus = full.corpus().subList(0, 400);
        Set<String> ids = new HashSet<>();
        corpus.forEach(d -> ids.add(d.id()));
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        full.qrels().forEach((q, judged) -> {
            if (ids.containsAll(judged.keySet())) {
                qrels.put(q, judged);
            }
        });
        BeirDataset slice = new BeirDataset("scifact-slice", new ArrayList<>(corpus), full.queries(), qrels);
        try (Gateway gateway = TestGateways.open(dir, catalog, PAIR)) {
            gateway.ingestor().ingest(slice.corpus(), Ingestor.Progress.NONE);
            Evaluator.Result result = Evaluator.run(gateway.pipeline("minilm"), slice, 20, n -> { });
            double ndcg = result.summary().metrics().get("ndcg@10");
            assertTrue(result.summary().queries() > 30, "slice too small: " + result.summary().queries());
            assertTrue(ndcg > 0.75, "nDCG@10 on the slice fell to " + ndcg + " over " + result.summary().queries() + " queries");
        }
    }
}
