package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stagegate.config.StagegateConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bench-limit measures session layouts side by side and reports the better one as the limit. */
class BenchLimitTest {
    @TempDir
    Path dir;

    @Test
    void severalSessionsRunSideBySideAndTheBetterLayoutIsTheLimit() throws Exception {
        StagegateConfig config = new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("stagegate.pairs.default.embedder", "all-minilm-l6-v2"),
                        "test", 500)).build().getConfigMapping(StagegateConfig.class);
        Path workload = dir.resolve("w.jsonl");
        Files.writeString(workload, "{\"input\": \"how do bees make honey\"}\n{\"input\": \"volcanoes erupt magma\"}\n");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new BenchLimitCommand(config)).execute("--checkpoint", "all-minilm-l6-v2", "--workload",
                    workload.toString(), "--seconds", "0.3", "--batch-size", "2");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow();
        JsonNode r = new ObjectMapper().readTree(line.substring("RESULT ".length()));
        JsonNode layouts = r.get("layouts");
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores > 1 ? 2 : 1, layouts.size(), r.toString());
        double best = 0;
        for (JsonNode l : layouts) {
            assertTrue(l.get("itemsPerSecond").asDouble() > 0);
            assertEquals(l.get("sessions").asInt(), l.get("perSession").size());
            best = Math.max(best, l.get("itemsPerSecond").asDouble());
        }
        assertEquals(best, r.get("itemsPerSecond").asDouble(), 1e-9, "the limit is the better layout");
        if (cores > 1) {
            assertEquals(cores, layouts.get(1).get("sessions").asInt());
            assertEquals(1, layouts.get(1).get("threadsPerSession").asInt());
        }
    }
}
