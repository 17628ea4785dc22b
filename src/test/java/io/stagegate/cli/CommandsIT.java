package io.stagegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.testing.GatewayProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command started as a user starts it (java -jar, through {@link Main}) while a gateway serves the same data
 * directory on the same port: a command that opened a listener would fail on the taken port, and one that opened
 * the gateway would fail on the data directory's lock. (stagegate report used to do both.)
 */
class CommandsIT {
    private static final int PORT = 18195;

    @TempDir
    Path dir;

    @Test
    void noCommandOpensAListenerOrTheDataDirectoryOfARunningGateway() throws Exception {
        Path data = dir.resolve("data");
        List<String> settings = List.of("-Dstagegate.data-dir=" + data, "-Dstagegate.events.enabled=false",
                "-Dstagegate.pairs.default.embedder=all-minilm-l6-v2");
        try (GatewayProcess serving = GatewayProcess.start(PORT, dir.resolve("gateway.log"), settings, Duration.ofMinutes(3))) {
            for (String command : StagegateApp.oneShot()) {
                List<String> args = command.startsWith("-") ? List.of(command) : List.of(command, "--help");
                Result r = run(settings, args);
                assertEquals(0, r.exit(), args + ":\n" + r.output());
                assertTrue(r.output().contains("Usage:") || r.output().contains("stagegate"), args + ":\n" + r.output());
            }
            Path events = dir.resolve("events.jsonl");
            Files.writeString(events, "{\"schema\":\"stagegate.feedback.v1\"}\n");
            Result report = run(settings, List.of("report", "--experiment", "none", "--events", events.toString()));
            assertEquals(0, report.exit(), report.output());
            assertTrue(report.output().contains("\"experiment\" : \"none\""), report.output());
            assertTrue(serving.get("/q/health/live").map(h -> h.statusCode() == 200).orElse(false),
                    "the serving gateway is untouched");
        }
    }

    record Result(int exit, String output) {
    }

    private Result run(List<String> settings, List<String> args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-DOPT_OUT_TRACKING=true", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + PORT));
        command.addAll(settings);
        command.addAll(List.of("-jar", GatewayProcess.JAR.toString()));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "cmd", ".log");
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        b.environment().put("OPT_OUT_TRACKING", "true");
        Process p = b.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "did not exit within 3 minutes: " + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
