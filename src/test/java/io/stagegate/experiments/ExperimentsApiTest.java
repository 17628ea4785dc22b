package io.stagegate.experiments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stagegate.api.grpc.v1.SearchEvent;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.EventJson;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.ShadowEvent;
import io.stagegate.testing.EventSchemas;
import io.stagegate.testing.EventTopicsReader;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;

/**
 * Compare, end to end on the real gateway: API keys on the admin API, a pair created at runtime and backfilled, an A/B
 * experiment with shadows and a noise floor whose fields reach the response of every transport and the query and shadow
 * events on the real broker, the live report, and an interleaving experiment. One scenario, in order.
 */
@QuarkusTest
@TestProfile(ExperimentsApiTest.Keys.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@SuppressWarnings("unchecked")
class ExperimentsApiTest {
    static final String ADMIN = "admin-key-0123456789abcdef";
    static final String SEARCH = "search-key-0123456789abcdef";

    public static class Keys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stagegate.security.api-keys.ops.key", ADMIN,
                    "stagegate.security.api-keys.ops.roles", "admin",
                    "stagegate.security.api-keys.app.key", SEARCH,
                    "stagegate.security.api-keys.app.roles", "search,feedback");
        }
    }

    @Inject
    StagegateConfig config;

    @GrpcClient("stagegate")
    StagegateGrpc.StagegateBlockingStub grpc;

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON);
    }

    /** Every test starts with no experiment: each makes what it needs, so any order works. */
    @BeforeEach
    void noExperiments() {
        for (Map<String, Object> x : admin().get("/v1/admin/experiments").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("$")) {
            String id = (String) x.get("id");
            if ("running".equals(x.get("state"))) {
                admin().post("/v1/admin/experiments/" + id + "/stop").then().statusCode(200).body("state", equalTo("stopped"));
            }
            admin().delete("/v1/admin/experiments/" + id).then().statusCode(204);
        }
    }

    /** The runtime pair the experiments compare against the default, created and backfilled when missing. */
    private static void minilmQ() {
        admin().body("{\"id\": \"minilm-q\", \"embedder\": \"all-minilm-l6-v2-q\", \"candidates\": 20, \"topN\": 5}")
                .post("/v1/admin/pairs").then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        Eventually.until(Duration.ofSeconds(60), () -> given().get("/v1/pairs").then().extract().jsonPath()
                .getBoolean("find { it.id == 'minilm-q' }.ready"), "minilm-q backfilled");
    }

    /** The A/B experiment of the routing test: default against minilm-q, rerank shadowed, the noise floor on. */
    private static void ab1() {
        minilmQ();
        admin().body("{\"id\": \"ab1\", \"mode\": \"ab\", \"state\": \"running\", \"noiseFloor\": 1.0, "
                        + "\"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"minilm-q\", \"weight\": 1}], "
                        + "\"shadows\": [{\"pair\": \"rerank\", \"sampleRate\": 1.0}]}")
                .post("/v1/admin/experiments").then().statusCode(201).body("version", equalTo(1));
    }

    @Test
    void theAdminApiWantsAnAdminKeyWhileSearchStaysOpen() {
        given().get("/v1/admin/experiments").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("UNAUTHENTICATED")).body("message", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer " + SEARCH).get("/v1/admin/experiments").then().statusCode(403)
                .body("error", equalTo("FORBIDDEN")).body("message", containsString("lacks the admin role"));
        given().header("Authorization", "Bearer not-a-key-at-all-000").get("/v1/admin/experiments").then().statusCode(401);
        given().header("Authorization", "Basic abc").get("/v1/admin/experiments").then().statusCode(401)
                .body("message", containsString("Bearer"));
        admin().get("/v1/admin/experiments").then().statusCode(200);
        given().contentType(ContentType.JSON).body("[{\"id\": \"x\", \"text\": \"y\"}]").post("/v1/documents")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"query\": \"bees\"}").post("/v1/search").then().statusCode(200)
                .body("routing.kind", equalTo("default"));
    }

    @Test
    void aPairCreatedAtRuntimeIsBackfilledAndThenServes() {
        admin().delete("/v1/admin/pairs/minilm-q");
        admin().body("{\"id\": \"minilm-q\", \"embedder\": \"all-minilm-l6-v2-q\", \"candidates\": 20, \"topN\": 5}")
                .post("/v1/admin/pairs").then().statusCode(201).body("id", equalTo("minilm-q"))
                .body("origin", equalTo("runtime"));
        admin().body("{\"id\": \"minilm-q\", \"embedder\": \"all-minilm-l6-v2-q\"}").post("/v1/admin/pairs")
                .then().statusCode(409);
        admin().body("{\"id\": \"bad\", \"embedder\": \"no-such-model\"}").post("/v1/admin/pairs").then().statusCode(400)
                .body("message", containsString("no-such-model"));
        admin().body("{\"id\": \"bad\", \"embedder\": \"all-minilm-l6-v2\", \"topN\": 50, \"candidates\": 10}")
                .post("/v1/admin/pairs").then().statusCode(400).body("message", containsString("candidates"));
        Eventually.until(Duration.ofSeconds(60), () -> given().get("/v1/pairs").then().extract().jsonPath()
                .getBoolean("find { it.id == 'minilm-q' }.ready"), "minilm-q backfilled");
        given().get("/v1/pairs").then().body("find { it.id == 'minilm-q' }.backfill", containsString("done"));
        given().contentType(ContentType.JSON).body("{\"query\": \"bees\", \"pair\": \"minilm-q\"}").post("/v1/search")
                .then().statusCode(200).body("routing.kind", equalTo("forced")).body("hits.size()", equalTo(5));
    }

    @Test
    void experimentDefinitionsAreValidatedNamingTheField() {
        minilmQ();
        admin().body("{\"id\": \"v\", \"arms\": [{\"pair\": \"default\"}]}").post("/v1/admin/experiments").then()
                .statusCode(400).body("message", containsString("arms must name at least two"));
        admin().body("{\"id\": \"v\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"ghost\", \"weight\": 1}]}").post("/v1/admin/experiments")
                .then().statusCode(400).body("message", containsString("arms[1].pair: unknown pair 'ghost'"));
        admin().body("{\"id\": \"v\", \"arms\": [{\"pair\": \"default\", \"weight\": \"1\"}, {\"pair\": \"rerank\"}]}")
                .post("/v1/admin/experiments").then().statusCode(400).body("message", containsString("weight"));
        admin().body("{\"id\": \"v\", \"mode\": \"interleave\", \"arms\": [{\"pair\": \"default\"}, {\"pair\": \"rerank\"}, "
                + "{\"pair\": \"minilm-q\"}]}").post("/v1/admin/experiments").then().statusCode(400)
                .body("message", containsString("interleave compares exactly two"));
        admin().get("/v1/admin/experiments/nope").then().statusCode(404);
    }

    @Test
    void anAbExperimentRoutesByClientAndEveryTransportReportsTheArm() throws Exception {
        minilmQ();
        long shadowRunsBefore = shadowRuns(null);
        admin().body("{\"id\": \"ab1\", \"mode\": \"ab\", \"state\": \"running\", \"noiseFloor\": 1.0, "
                        + "\"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"minilm-q\", \"weight\": 1}], "
                        + "\"shadows\": [{\"pair\": \"rerank\", \"sampleRate\": 1.0}]}")
                .post("/v1/admin/experiments").then().statusCode(201).body("version", equalTo(1))
                .body("arms.buckets", hasItem(5000));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> armOf = new HashMap<>();
        for (int c = 0; c < 12; c++) {
            String client = "c-" + run + "-" + c;
            JsonNode body = EventJson.mapper().readTree(given().contentType(ContentType.JSON).header("X-Client-Id", client)
                    .body("{\"query\": \"how do bees communicate\"}").post("/v1/search").then().statusCode(200)
                    .body("routing.kind", equalTo("experiment")).body("routing.experiment", equalTo("ab1"))
                    .body("routing.version", equalTo(1)).body("routing.unit", equalTo("client"))
                    .extract().asString());
            String arm = body.get("routing").get("arm").asText();
            assertEquals(arm, body.get("pair").asText(), "the arm's pair served");
            armOf.put(body.get("requestId").asText(), arm);
            given().contentType(ContentType.JSON).header("X-Client-Id", client).body("{\"query\": \"something else\"}")
                    .post("/v1/search").then().statusCode(200).body("routing.arm", equalTo(arm));
        }
        assertEquals(2, new java.util.HashSet<>(armOf.values()).size(), "12 clients reach both arms: " + armOf);
        String stream = given().contentType(ContentType.JSON).header("X-Client-Id", "c-" + run + "-0")
                .accept("application/x-ndjson").body("{\"query\": \"volcano\"}").post("/v1/search/stream")
                .then().statusCode(200).extract().asString();
        JsonNode done = EventJson.mapper().readTree(stream.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("done", done.get("event").asText());
        assertEquals("ab1", done.get("routing").get("experiment").asText());
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-client-id", Metadata.ASCII_STRING_MARSHALLER), "c-" + run + "-1");
        var stub = grpc.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        var unary = stub.search(SearchRequest.newBuilder().setQuery("volcano").build());
        assertEquals("ab1", unary.getRouting().getExperiment());
        assertEquals("client", unary.getRouting().getUnit());
        List<SearchEvent> events = new ArrayList<>();
        stub.searchStream(SearchRequest.newBuilder().setQuery("volcano").build()).forEachRemaining(events::add);
        assertEquals("ab1", events.get(events.size() - 1).getDone().getRouting().getExperiment());

        List<ConsumerRecord<String, byte[]>> queries = EventTopicsReader.readUntil(config.events().topics().query(),
                Duration.ofSeconds(60), rs -> count(rs, run) >= 27);
        int seen = 0;
        for (ConsumerRecord<String, byte[]> r : queries) {
            JsonNode e = EventJson.mapper().readTree(r.value());
            if (!e.path("client_id").asText().contains(run)) {
                continue;
            }
            seen++;
            assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, r.value()));
            assertEquals("experiment", e.get("routing").asText());
            assertEquals("ab1", e.get("experiment").asText());
            assertEquals(1, e.get("experiment_version").asInt());
            assertEquals("client", e.get("unit_kind").asText());
            assertEquals("default", e.get("default_pair").asText());
            assertEquals(e.get("pair").asText(), e.get("arm").asText());
            if (armOf.containsKey(e.get("query_id").asText())) {
                assertEquals(armOf.get(e.get("query_id").asText()), e.get("arm").asText());
            }
        }
        assertEquals(27, seen, "24 HTTP, 1 HTTP stream, 1 gRPC unary, 1 gRPC stream: every search of this run");
        // 27 searches, each with two planned shadow runs (rerank, and the serving pair itself): every plan ends as an
        // event (ok, failed, timeout) or is shed (at most 2 in flight), and the metrics account for all 54.
        Eventually.until(Duration.ofSeconds(60), () -> shadowRuns(null) - shadowRunsBefore == 54,
                "54 shadow outcomes counted");
        long evented = 54;
        java.util.Set<String> runQueries = new java.util.HashSet<>();
        for (ConsumerRecord<String, byte[]> r : queries) {
            if (count(List.of(r), run) > 0) {
                runQueries.add(r.key());
            }
        }
        List<ConsumerRecord<String, byte[]>> shadows = EventTopicsReader.readUntil(config.events().topics().shadow(),
                Duration.ofSeconds(60), rs -> rs.stream().filter(r -> runQueries.contains(r.key())).count() >= evented)
                .stream().filter(r -> runQueries.contains(r.key())).toList();
        assertEquals(evented, shadows.size(), "one shadow event per planned shadow run, shed ones included");
        assertTrue(evented > 0);
        boolean noiseFloor = false;
        for (ConsumerRecord<String, byte[]> r : shadows) {
            assertEquals(List.of(), EventSchemas.errors(ShadowEvent.SCHEMA, r.value()));
            JsonNode e = EventJson.mapper().readTree(r.value());
            assertEquals("ab1", e.get("experiment").asText());
            assertEquals(r.key(), e.get("query_id").asText());
            if (e.get("noise_floor").asBoolean() && "ok".equals(e.get("outcome").asText())) {
                noiseFloor = true;
                assertEquals(e.get("primary_pair").asText(), e.get("shadow_pair").asText());
            }
        }
        assertTrue(noiseFloor, "the noise floor ran");
    }

    @Test
    void clicksShowInTheLiveReport() {
        ab1();
        String client = "reporter-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 6; i++) {
            var r = given().contentType(ContentType.JSON).header("X-Client-Id", client + i)
                    .body("{\"query\": \"photosynthesis in plants\"}").post("/v1/search").then().statusCode(200).extract()
                    .jsonPath();
            given().header("Authorization", "Bearer " + SEARCH).contentType(ContentType.JSON)
                    .body("{\"queryId\": \"" + r.getString("requestId") + "\", \"actionName\": \"click\", \"objectId\": \""
                            + r.getString("hits[0].id") + "\", \"position\": 1}")
                    .post("/v1/feedback").then().statusCode(202);
        }
        admin().get("/v1/admin/experiments/ab1/report").then().statusCode(200)
                .body("experiment", equalTo("ab1")).body("mode", equalTo("ab"))
                .body("arms.size()", equalTo(2)).body("clicks", equalTo(6))
                .body("differences.find { it.metric == 'ctr' }.ciLow", notNullValue())
                .body("shadows.find { it.noiseFloor == true }.meanRbo", notNullValue())
                .body("srm.size()", equalTo(1)).body("srm[0].arms", equalTo(List.of("default", "minilm-q")))
                .body("units.arms.size()", equalTo(2)).body("units.decisions[0].metric", equalTo("ctr"))
                .body("units.metrics.find { it.metric == 'ctr' }.sequentialPValue", notNullValue())
                .body("units.guardrails.find { it.metric == 'latency_p95_ms' }.status", notNullValue());
        admin().get("/v1/admin/experiments/ab1/report?mde=2").then().statusCode(400)
                .body("message", containsString("mde"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("stagegate_experiment_srm_p_value{experiment=\"ab1\"}"), "the SRM gauge is exported");
        String html = admin().accept("text/html").get("/v1/admin/experiments/ab1/report").then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString();
        assertTrue(html.contains("<svg") && html.contains("ab1"));
        admin().get("/v1/admin/experiments/ab1/report?format=pdf").then().statusCode(400);
    }

    @Test
    void pairsInUseAndTheDefaultCannotBeDeleted() {
        ab1();
        admin().delete("/v1/admin/pairs/minilm-q").then().statusCode(409).body("message", containsString("ab1"));
        admin().delete("/v1/admin/pairs/default").then().statusCode(409).body("message", containsString("configuration"));
        admin().body("{\"id\": \"ab2\", \"state\": \"running\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"rerank\", \"weight\": 1}]}")
                .post("/v1/admin/experiments").then().statusCode(409).body("message", containsString("'ab1' is running"));
        admin().delete("/v1/admin/experiments/ab1").then().statusCode(409);
    }

    @Test
    void anInterleavingExperimentShowsOneListWithEachHitsArm() throws Exception {
        ab1();
        admin().body("{\"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"minilm-q\", \"weight\": 1}], \"state\": \"stopped\", "
                + "\"noiseFloor\": 1.0, \"shadows\": [{\"pair\": \"rerank\", \"sampleRate\": 1.0}]}").put("/v1/admin/experiments/ab1")
                .then().statusCode(200).body("state", equalTo("stopped")).body("version", equalTo(1));
        admin().body("{\"id\": \"il1\", \"mode\": \"interleave\", \"state\": \"running\", "
                + "\"arms\": [{\"pair\": \"default\"}, {\"pair\": \"minilm-q\"}]}").post("/v1/admin/experiments")
                .then().statusCode(201);
        JsonNode body = EventJson.mapper().readTree(given().contentType(ContentType.JSON)
                .body("{\"query\": \"how do bees find flowers\", \"topN\": 6}").post("/v1/search").then().statusCode(200)
                .body("routing.arm", equalTo("interleave")).body("routing.unit", equalTo("request"))
                .extract().asString());
        assertEquals(6, body.get("hits").size());
        for (JsonNode hit : body.get("hits")) {
            assertTrue(List.of("default", "minilm-q").contains(hit.get("arm").asText()), hit.toString());
        }
        String queryId = body.get("requestId").asText();
        List<ConsumerRecord<String, byte[]>> records = EventTopicsReader.readUntil(config.events().topics().query(),
                Duration.ofSeconds(60), rs -> rs.stream().anyMatch(r -> queryId.equals(r.key())));
        ConsumerRecord<String, byte[]> mine = records.stream().filter(r -> queryId.equals(r.key())).findFirst().orElseThrow();
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, mine.value()));
        JsonNode e = EventJson.mapper().readTree(mine.value());
        assertEquals("interleave", e.get("arm").asText());
        for (JsonNode result : e.get("results")) {
            assertNotNull(result.get("arm"), "each shown result names its arm");
        }
        admin().body("{\"mode\": \"interleave\", \"state\": \"stopped\", \"arms\": [{\"pair\": \"default\"}, "
                + "{\"pair\": \"minilm-q\"}]}").put("/v1/admin/experiments/il1").then().statusCode(200);
        admin().delete("/v1/admin/experiments/il1").then().statusCode(204);
    }

    @Test
    void aQueryThatTimesOutInAnExperimentIsAnEventForTheGuardrails() throws Exception {
        ab1();
        String client = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        int status = given().contentType(ContentType.JSON).header("X-Client-Id", client)
                .body("{\"query\": \"a query that cannot finish in one millisecond\", \"timeoutMs\": 1}")
                .post("/v1/search").then().extract().statusCode();
        assertEquals(504, status);
        List<ConsumerRecord<String, byte[]>> records = EventTopicsReader.readUntil(config.events().topics().query(),
                Duration.ofSeconds(60), rs -> count(rs, client) > 0);
        ConsumerRecord<String, byte[]> failed = records.stream().filter(r -> count(List.of(r), client) > 0)
                .findFirst().orElseThrow();
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, failed.value()));
        JsonNode e = EventJson.mapper().readTree(failed.value());
        assertEquals("timeout", e.get("outcome").asText());
        assertEquals("ab1", e.get("experiment").asText());
        assertEquals(0, e.get("results").size());
        assertEquals(2, e.get("experiment_arm_shares").size());
    }

    @Test
    void anEmptyLiveReportSaysWhyAndWhereTheHistoryIs() {
        minilmQ();
        admin().body("{\"id\": \"quiet\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, "
                + "{\"pair\": \"minilm-q\", \"weight\": 1}]}").post("/v1/admin/experiments").then().statusCode(201);
        admin().get("/v1/admin/experiments/quiet/report").then().statusCode(200).body("queries", equalTo(0))
                .body("notes", hasItem(containsString("no traffic of this experiment since this gateway started")))
                .body("notes", hasItem(containsString("stagegate report --experiment quiet --bootstrap-servers")));
    }

    /** The sum of stagegate_shadow_runs_total for ab1, over all outcomes or one. */
    private static long shadowRuns(String outcome) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return Math.round(metrics.lines().filter(l -> l.startsWith("stagegate_shadow_runs_total{")
                        && l.contains("experiment=\"ab1\"") && (outcome == null || l.contains("outcome=\"" + outcome + "\"")))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }

    private static long count(List<ConsumerRecord<String, byte[]>> records, String run) {
        return records.stream().filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(run))
                .count();
    }
}
