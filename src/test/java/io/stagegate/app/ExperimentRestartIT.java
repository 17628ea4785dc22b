package io.stagegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart as an operator does it, on the packaged gateway: a running experiment on a pair created at runtime comes
 * back running, at the same version, and every unit keeps its arm. (Before, experiments were opened before runtime
 * pairs were restored, and such an experiment was stopped at every restart.) Also the lifecycle calls: stop and start
 * without a full definition, and the 409 on deleting a running experiment names the stop call.
 */
class ExperimentRestartIT {
    private static final int PORT = 18193;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRunningExperimentOnARuntimePairSurvivesARestartWithItsArms() throws Exception {
        List<String> settings = List.of("-Dstagegate.data-dir=" + dir.resolve("data"), "-Dstagegate.events.enabled=false",
                "-Dstagegate.pairs.default.embedder=all-minilm-l6-v2", "-Dstagegate.pairs.default.candidates=20");
        Map<String, String> arms = new LinkedHashMap<>();
        int version;
        try (GatewayProcess first = GatewayProcess.start(PORT, dir.resolve("first.log"), settings, Duration.ofMinutes(3))) {
            assertEquals(201, first.send("POST", "/v1/admin/pairs",
                    "{\"id\": \"minilm-q\", \"embedder\": \"all-minilm-l6-v2-q\", \"candidates\": 20}").statusCode());
            Eventually.until(Duration.ofMinutes(2), () -> ready(first), "the runtime pair is backfilled");
            var created = first.send("POST", "/v1/admin/experiments", "{\"id\": \"restart\", \"state\": \"running\", "
                    + "\"arms\": [{\"pair\": \"default\", \"weight\": 50}, {\"pair\": \"minilm-q\", \"weight\": 50}]}");
            assertEquals(201, created.statusCode(), created.body());
            version = JSON.readTree(created.body()).get("version").asInt();
            for (int u = 0; u < 40; u++) {
                arms.put("unit-" + u, arm(first, "unit-" + u));
            }
            assertEquals(2, new java.util.HashSet<>(arms.values()).size(), "40 units reach both arms: " + arms);
            var delete = first.send("DELETE", "/v1/admin/experiments/restart", null);
            assertEquals(409, delete.statusCode());
            assertTrue(delete.body().contains("POST /v1/admin/experiments/restart/stop"), delete.body());
        }
        try (GatewayProcess second = GatewayProcess.start(PORT, dir.resolve("second.log"), settings, Duration.ofMinutes(3))) {
            JsonNode x = JSON.readTree(second.send("GET", "/v1/admin/experiments/restart", null).body());
            assertEquals("running", x.get("state").asText(), x.toString());
            assertEquals(version, x.get("version").asInt());
            for (var e : arms.entrySet()) {
                assertEquals(e.getValue(), arm(second, e.getKey()), "unit " + e.getKey() + " keeps its arm");
            }
            var stopped = second.send("POST", "/v1/admin/experiments/restart/stop", null);
            assertEquals(200, stopped.statusCode(), stopped.body());
            assertEquals("stopped", JSON.readTree(stopped.body()).get("state").asText());
            assertEquals("default", JSON.readTree(search(second, "unit-0")).get("routing").get("kind").asText());
            var started = second.send("POST", "/v1/admin/experiments/restart/start", null);
            assertEquals(200, started.statusCode(), started.body());
            assertEquals(version, JSON.readTree(started.body()).get("version").asInt(), "stop and start move no unit");
            assertEquals(arms.get("unit-3"), arm(second, "unit-3"));
        }
    }

    private static boolean ready(GatewayProcess g) {
        try {
            for (JsonNode p : JSON.readTree(g.send("GET", "/v1/pairs", null).body())) {
                if (p.get("id").asText().equals("minilm-q")) {
                    return p.get("ready").asBoolean();
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static String arm(GatewayProcess g, String unit) throws Exception {
        JsonNode routing = JSON.readTree(search(g, unit)).get("routing");
        assertEquals("experiment", routing.get("kind").asText(), routing.toString());
        return routing.get("arm").asText();
    }

    private static String search(GatewayProcess g, String unit) throws Exception {
        var r = g.send("POST", "/v1/search", "{\"query\": \"how do bees make honey\", \"topN\": 3}", "X-Client-Id", unit);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
