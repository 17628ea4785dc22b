package io.stagegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The startup checks of the events settings, on the real mapping built from properties. */
class ConfigChecksTest {
    private static StagegateConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("stagegate.pairs.default.embedder", "all-minilm-l6-v2"));
        props.putAll(extra);
        // Quarkus' converter reads durations like 50ms, as the application does.
        return new SmallRyeConfigBuilder().withMapping(StagegateConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build()
                .getConfigMapping(StagegateConfig.class);
    }

    @Test
    void durabilityDefaultsToBufferedAndTakesWriteAhead() {
        assertEquals("buffered", config(Map.of()).events().durability());
        ConfigChecks.validate(config(Map.of()));
        ConfigChecks.validate(config(Map.of("stagegate.events.durability", "write-ahead")));
    }

    @Test
    void anUnknownDurabilityIsNamedWithItsValue() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigChecks.validate(config(Map.of("stagegate.events.durability", "sync"))));
        assertTrue(e.getMessage().contains("stagegate.events.durability must be buffered or write-ahead, was 'sync'"),
                e.getMessage());
    }
}
