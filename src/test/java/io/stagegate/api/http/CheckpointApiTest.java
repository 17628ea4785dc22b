package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.ModelFiles;
import io.stagegate.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkpoint admin API over HTTP: register under the models root, refusals that name the problem, listing, delete. */
@QuarkusTest
@TestProfile(CheckpointApiTest.ModelsRoot.class)
class CheckpointApiTest {
    static final Path ROOT = Path.of("target/test-models");

    public static class ModelsRoot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(ROOT);
                ModelFiles q = BuiltinCheckpoints.find("all-minilm-l6-v2-q").orElseThrow().files().get();
                CheckpointDirectory.write(ROOT.resolve("emb"), q, new CheckpointDirectory.Descriptor("embedder", "mean", true,
                        256, "", "", "last_hidden_state", "per_item"));
                // A broken export: the embedder descriptor names an output the graph does not have.
                CheckpointDirectory.write(ROOT.resolve("broken"), q, new CheckpointDirectory.Descriptor("embedder", "mean",
                        true, 256, "", "", "no_such_output", "per_item"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return Map.of("stagegate.models-root", ROOT.toAbsolutePath().toString());
        }
    }

    @Test
    void aCheckpointIsRegisteredBackfilledListedUsedAndDeleted() {
        given().contentType(ContentType.JSON).body("{\"id\": \"bad\", \"path\": \"../../etc\"}")
                .post("/v1/admin/checkpoints").then().statusCode(400).body("message", containsString("'..'"));
        given().contentType(ContentType.JSON).body("{\"id\": \"bad\", \"path\": \"/etc\"}")
                .post("/v1/admin/checkpoints").then().statusCode(400).body("message", containsString("outside the models root"));
        given().contentType(ContentType.JSON).body("{\"id\": \"bad\", \"path\": \"nope\"}")
                .post("/v1/admin/checkpoints").then().statusCode(400).body("message", containsString("not a directory"));
        given().contentType(ContentType.JSON).body("{\"id\": \"bad\", \"path\": \"broken\"}")
                .post("/v1/admin/checkpoints").then().statusCode(400).body("message", containsString("bad"));
        given().contentType(ContentType.JSON).body("{\"id\": \"all-minilm-l6-v2\", \"path\": \"emb\"}")
                .post("/v1/admin/checkpoints").then().statusCode(409).body("message", containsString("built in"));
        given().contentType(ContentType.JSON).body("{\"id\": \"team\", \"path\": \"emb\"}")
                .post("/v1/admin/checkpoints").then().statusCode(202).body("id", equalTo("team"))
                .body("kind", equalTo("embedder")).body("origin", equalTo("runtime"));
        given().get("/v1/admin/checkpoints").then().statusCode(200)
                .body("find { it.id == 'bad' }", equalTo(null))
                .body("find { it.id == 'synthetic-ce-minilm-l6' }.origin", equalTo("builtin"));
        Eventually.until(Duration.ofSeconds(60), () -> "ready".equals(given().get("/v1/admin/checkpoints").then().extract()
                .jsonPath().getString("find { it.id == 'team' }.state")), "team backfilled");
        given().contentType(ContentType.JSON).body("{\"id\": \"team-pair\", \"embedder\": \"team\", \"candidates\": 20, \"topN\": 3}")
                .post("/v1/admin/pairs").then().statusCode(201).body("ready", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"query\": \"bees\", \"pair\": \"team-pair\"}").post("/v1/search")
                .then().statusCode(200).body("hits.size()", equalTo(3));
        given().delete("/v1/admin/checkpoints/team").then().statusCode(409).body("message", containsString("team-pair"));
        given().delete("/v1/admin/pairs/team-pair").then().statusCode(204);
        given().delete("/v1/admin/checkpoints/team").then().statusCode(204);
        given().delete("/v1/admin/checkpoints/team").then().statusCode(404);
        given().delete("/v1/admin/checkpoints/all-minilm-l6-v2").then().statusCode(409);
    }
}
