package io.stagegate.mining;

import io.stagegate.cli.MineCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.stagegate.events.EventJson;
import io.stagegate.events.TrainingEvent;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The FlagEmbedding line and the training event: their shape, and the schema every emitted event must meet. */
class TrainingLineTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Schema trainingSchema() throws Exception {
        try (InputStream in = TrainingLineTest.class.getResourceAsStream("/schemas/stagegate.training.v1.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static List<TrainingExample> examples() {
        HardNegativeMiner miner = new HardNegativeMiner(MiningSettings.defaults());
        HardNegativeMinerTest.events().forEach(miner::add);
        return miner.mine(MiningEvents.corpus("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9")).examples();
    }

    @Test
    void aLineHasQueryPosNegAndProvenanceOnlyUnderMeta() throws Exception {
        TrainingExample e = examples().getFirst();
        JsonNode line = new ObjectMapper().readTree(EventJson.mapper().writeValueAsString(e.flagEmbeddingLine()));
        List<String> keys = new ArrayList<>();
        line.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("query", "pos", "neg", "meta"), keys);
        assertEquals("Honey Bees", line.get("query").asText());
        assertEquals("title d3 text of d3", line.get("pos").get(0).asText());
        assertEquals(e.negatives().size(), line.get("neg").size());
        JsonNode meta = line.get("meta");
        assertEquals("mined", meta.get("mode").asText());
        assertEquals("default", meta.get("pair").asText());
        assertEquals("d3", meta.get("pos_ids").get(0).asText());
        assertEquals(line.get("neg").size(), meta.get("neg_ids").size());
        assertEquals("graded_zero", meta.get("neg_sources").get(0).asText());
        // Explicit negatives that were ranked have scores; ranks stay parallel to the ids.
        assertEquals(meta.get("neg_ids").size(), meta.get("neg_ranks").size());
    }

    @Test
    void trainingEventsMeetTheSchemaIncludingNullRanksAndIdsFollowContent() throws Exception {
        Schema schema = trainingSchema();
        List<TrainingExample> all = examples();
        // An explicit negative the query never ranked: null rank, and then no neg_scores at all.
        TrainingExample first = all.getFirst();
        List<TrainingExample.Negative> negs = new ArrayList<>(first.negatives());
        negs.add(new TrainingExample.Negative("d9", "text of d9", null, null, null, null, NegativeSource.THUMBS_DOWN));
        TrainingExample unranked = new TrainingExample(first.queryId(), first.query(), first.mode(), first.pair(),
                first.embedder(), null, null, first.positives(), negs);
        List<TrainingExample> checked = new ArrayList<>(all);
        checked.add(unranked);
        for (TrainingExample e : checked) {
            String json = new String(EventJson.bytes(e.toEvent(NOW)), StandardCharsets.UTF_8);
            assertEquals(List.of(), schema.validate(json, InputFormat.JSON), json);
        }
        assertFalse(unranked.meta().containsKey("neg_scores"));
        assertTrue(first.meta().containsKey("neg_scores"));
        TrainingEvent a = first.toEvent(NOW);
        assertEquals(a.eventId(), first.toEvent(NOW.plusSeconds(5)).eventId());
        assertFalse(a.eventId().equals(unranked.toEvent(NOW).eventId()));
    }

    @Test
    void mineCommandReadsEventFilesAndWritesLinesAndAReport(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.jsonl");
        StringBuilder sb = new StringBuilder();
        for (var e : HardNegativeMinerTest.events()) {
            sb.append(new String(EventJson.bytes(e), StandardCharsets.UTF_8)).append('\n');
        }
        sb.append("{\"schema\": \"stagegate.shadow.v1\"}\nnot json\n");
        Files.writeString(events, sb);
        Path corpus = dir.resolve("corpus.jsonl");
        StringBuilder docs = new StringBuilder();
        for (String id : List.of("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9")) {
            docs.append("{\"_id\": \"").append(id).append("\", \"title\": \"title ").append(id)
                    .append("\", \"text\": \"text of ").append(id).append("\"}\n");
        }
        Files.writeString(corpus, docs);
        Path out = dir.resolve("out/train.jsonl");
        Path report = dir.resolve("report.json");
        int rc = new CommandLine(new MineCommand(null, Clock.fixed(NOW, ZoneOffset.UTC))).execute("--events", events.toString(),
                "--corpus", corpus.toString(), "--depth", "5", "--count", "4", "--scorer", "none",
                "--out", out.toString(), "--report", report.toString());
        assertEquals(0, rc);
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size());
        assertEquals(List.of("d6", "d5", "d2", "d4"), new ObjectMapper().convertValue(
                new ObjectMapper().readTree(lines.getFirst()).get("meta").get("neg_ids"), List.class));
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals(2, r.get("examples_written").asInt());
        assertEquals(1, r.get("counts").get("duplicates_dropped").asInt());
        assertEquals(1, r.get("counts").get("other_events_ignored").asInt());
        assertEquals(1, r.get("counts").get("invalid_events").asInt());
        assertEquals(1, r.get("skipped").get("no_positive").asInt());
        assertEquals(3.0, r.get("mean_neg_per_example").asDouble(), 1e-9);
        assertEquals(Map.of("graded_zero", 1, "thumbs_down", 1, "ranked", 4),
                new ObjectMapper().convertValue(r.get("negatives").get("by_source"), Map.class));
    }
}
