package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The eval and ingest commands end to end: real models, a BEIR directory on disk, a JSON report. */
@QuarkusMainTest
@TestProfile(CommandLineTest.CliRole.class)
class CommandLineTest {

    public static class CliRole implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stagegate.role", "cli", "quarkus.http.host-enabled", "false");
        }
    }

    @Test
    void evalPrintsMetricsAndWritesAReport(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("stagegate-eval");
        Path data = dir.resolve("tiny");
        Files.createDirectories(data.resolve("qrels"));
        Files.writeString(data.resolve("corpus.jsonl"), """
                {"_id": "a", "title": "Bees", "text": "Honeybees pollinate crops and make honey."}
                {"_id": "b", "title": "Volcanoes", "text": "Magma erupts from volcanoes at plate boundaries."}
                {"_id": "c", "title": "Chess", "text": "The Sicilian Defence is a chess opening."}
                """);
        Files.writeString(data.resolve("queries.jsonl"), """
                {"_id": "1", "text": "which insects make honey"}
                {"_id": "2", "text": "a popular chess opening"}
                """);
        Files.writeString(data.resolve("qrels/dev.tsv"), "query-id\tcorpus-id\tscore\n1\ta\t1\n2\tc\t1\n");
        Path report = dir.resolve("report.json");
        LaunchResult result = launcher.launch("eval", "--dataset", data.toString(), "--split", "dev", "--pair", "default",
                "--data-dir", dir.resolve("store").toString(), "--report", report.toString());
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("ndcg@10"), result.getOutput());
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(2, json.get("queries").asInt());
        assertEquals(1.0, json.get("metrics").get("mrr@10").asDouble(), 1e-9);
        assertEquals("all-minilm-l6-v2", json.get("pair").get("embedder").asText());
        assertEquals(3, json.get("ingest").get("documentsEmbedded").asInt());
        assertTrue(json.get("latencyMs").get("embed").get("p50").asDouble() > 0);

        // A second run reuses the indexed corpus.
        LaunchResult again = launcher.launch("eval", "--dataset", data.toString(), "--split", "dev",
                "--data-dir", dir.resolve("store").toString(), "--report", report.toString());
        assertEquals(0, again.exitCode(), again.getErrorOutput());
        assertEquals(0, new ObjectMapper().readTree(report.toFile()).get("ingest").get("documentsEmbedded").asInt());
    }

    @Test
    void ingestLoadsACorpusFileAndAnUnknownSplitFailsWithAClearMessage(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("stagegate-ingest");
        Path corpus = dir.resolve("corpus.jsonl");
        Files.writeString(corpus, """
                {"_id": "x1", "title": "T", "text": "first"}
                {"_id": "x2", "text": "second"}
                """);
        LaunchResult result = launcher.launch("ingest", "--file", corpus.toString(), "--data-dir", dir.resolve("d").toString());
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("ingested 2 documents"), result.getOutput());

        LaunchResult bad = launcher.launch("eval", "--dataset", dir.toString(), "--split", "nope");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.getErrorOutput().contains("qrels/nope.tsv"), bad.getErrorOutput());
    }

    @Test
    void gridRunsEveryCombinationAndWritesItsReportWhileBadAxesAreRefused(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("stagegate-grid");
        Path data = dir.resolve("tiny");
        Files.createDirectories(data.resolve("qrels"));
        Files.writeString(data.resolve("corpus.jsonl"), """
                {"_id": "a", "title": "Bees", "text": "Honeybees pollinate crops and make honey."}
                {"_id": "b", "title": "Volcanoes", "text": "Magma erupts from volcanoes at plate boundaries."}
                {"_id": "c", "title": "Chess", "text": "The Sicilian Defence is a chess opening."}
                {"_id": "d", "title": "Coffee", "text": "Coffee is brewed best just below boiling."}
                """);
        Files.writeString(data.resolve("queries.jsonl"), """
                {"_id": "1", "text": "which insects make honey"}
                {"_id": "2", "text": "a popular chess opening"}
                {"_id": "3", "text": "how hot should water be for coffee"}
                """);
        Files.writeString(data.resolve("qrels/dev.tsv"), "query-id\tcorpus-id\tscore\n1\ta\t1\n2\tc\t1\n3\td\t1\n");
        Path out = dir.resolve("grid");
        LaunchResult result = launcher.launch("eval", "--grid", "--dataset", data.toString(), "--split", "dev",
                "--data-dir", dir.resolve("store").toString(), "--embedders", "all-minilm-l6-v2",
                "--retrievers", "dense,bm25,hybrid:convex=0.6", "--second-stages", "none,rescore:bm25:convex",
                "--ks", "2,3", "--top-n", "2", "--permutations", "200", "--bootstrap", "200", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.getErrorOutput());
        assertTrue(result.getOutput().contains("stagegate.pairs.recommended.embedder="), result.getOutput());
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        // dense, hybrid: 2 stages x 2 K each; bm25: none (embedder-free) and rescore:bm25 x 2 K
        assertEquals(12, json.get("pairs").size());
        assertEquals("all-minilm-l6-v2|dense|none|k3", json.get("baseline").asText());
        for (String f : io.stagegate.eval.GridReport.FILES) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }

        LaunchResult smallK = launcher.launch("eval", "--grid", "--dataset", data.toString(), "--split", "dev",
                "--embedders", "all-minilm-l6-v2", "--ks", "1,3", "--top-n", "2");
        assertEquals(2, smallK.exitCode());
        assertTrue(smallK.getErrorOutput().contains("--ks: K=1 is below --top-n 2"), smallK.getErrorOutput());
        LaunchResult unknown = launcher.launch("eval", "--grid", "--dataset", data.toString(), "--split", "dev",
                "--embedders", "all-minilm-l6-v2,nope", "--ks", "3", "--top-n", "2");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.getErrorOutput().contains("--embedders names 'nope', which is not a known checkpoint"),
                unknown.getErrorOutput());
    }
}
