package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.stagegate.config.StagegateConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every command line path checks the configuration first, as serving does: a bad setting stops it, named. */
class StagegateAppTest {

    @Test
    void aCommandRefusesToRunOnAnInvalidConfiguration() {
        StagegateApp app = new StagegateApp();
        app.config = new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(java.time.Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("stagegate.pairs.default.embedder", "all-minilm-l6-v2",
                        "stagegate.batching.max-batch-size", "0", "stagegate.routing.shadow-max-in-flight", "0"), "test", 500))
                .build().getConfigMapping(StagegateConfig.class);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = app.run("report", "--experiment", "x", "--events", "/nonexistent");
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, code);
        assertTrue(out.contains("stagegate.batching.max-batch-size must be 1..4096, was 0"), out);
        assertTrue(out.contains("stagegate.routing.shadow-max-in-flight"), out);
    }
}
