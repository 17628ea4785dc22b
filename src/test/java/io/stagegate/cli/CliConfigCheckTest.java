package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops every command line path up front, naming the setting, as it stops serving. */
@QuarkusMainTest
@TestProfile(CliConfigCheckTest.BadSetting.class)
class CliConfigCheckTest {

    public static class BadSetting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stagegate.role", "cli", "quarkus.http.host-enabled", "false",
                    "stagegate.batching.max-batch-size", "0", "stagegate.routing.shadow-max-in-flight", "0");
        }
    }

    @Test
    void aCommandRefusesToRunOnAnInvalidConfiguration(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("report", "--experiment", "x", "--events", "/nonexistent");
        assertEquals(2, result.exitCode());
        assertTrue(result.getErrorOutput().contains("stagegate.batching.max-batch-size must be 1..4096, was 0"),
                result.getErrorOutput());
        assertTrue(result.getErrorOutput().contains("stagegate.routing.shadow-max-in-flight"), result.getErrorOutput());
    }
}
