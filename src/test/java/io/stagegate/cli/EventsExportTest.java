package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.FsyncPolicy;
import io.stagegate.events.Spool;
import io.stagegate.events.SpooledRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The trainer's path without Kafka: the events waiting in a gateway's spool come out as JSON lines, while the gateway
 * holds the spool open, in the form {@code mine --events} reads, within a time range when asked.
 */
class EventsExportTest {
    @TempDir
    Path dir;

    private static StagegateConfig config() {
        return new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("stagegate.pairs.default.embedder", "all-minilm-l6-v2"),
                        "test", 500)).build().getConfigMapping(StagegateConfig.class);
    }

    private static SpooledRecord event(String id, String at) {
        String json = "{\"schema\":\"stagegate.feedback.v1\",\"event_id\":\"" + id + "\",\"query_id\":\"q\","
                + "\"action_name\":\"click\",\"object_id\":\"d1\",\"timestamp\":\"" + at + "\"}";
        return new SpooledRecord("stagegate.feedback.v1", "q", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSpoolIsExportedWhileItsGatewayHoldsIt() throws Exception {
        Path spoolDir = dir.resolve("events-spool");
        try (Spool spool = Spool.open(new Spool.Settings(spoolDir, 1 << 20, 1 << 16, FsyncPolicy.NEVER, 0), System::nanoTime)) {
            spool.append(List.of(event("e1", "2026-12-01T10:00:00Z"), event("e2", "2026-12-02T10:00:00Z"),
                    event("e3", "2026-12-03T10:00:00Z")));
            Path all = dir.resolve("all.jsonl");
            assertEquals(0, new CommandLine(new EventsExportCommand(config())).execute("--spool", spoolDir.toString(),
                    "--out", all.toString()));
            List<String> lines = Files.readAllLines(all);
            assertEquals(3, lines.size());
            assertTrue(lines.get(0).contains("\"event_id\":\"e1\""), lines.get(0));
            Path range = dir.resolve("range.jsonl");
            assertEquals(0, new CommandLine(new EventsExportCommand(config())).execute("--spool", spoolDir.toString(),
                    "--since", "2026-12-02T00:00:00Z", "--until", "2026-12-03T00:00:00Z", "--out", range.toString()));
            assertEquals(List.of("e2"), Files.readAllLines(range).stream()
                    .map(l -> l.replaceAll(".*\"event_id\":\"(e\\d)\".*", "$1")).toList());
            assertEquals(3, spool.pendingRecords(), "exporting consumed nothing");
        }
        CommandLine bad = new CommandLine(new EventsExportCommand(config()));
        bad.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println(e.getMessage());
            return 2;
        });
        assertEquals(2, bad.execute("--spool", spoolDir.toString(), "--since", "yesterday"));
    }
}
