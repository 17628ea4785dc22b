package io.stagegate.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stagegate.api.grpc.v1.FeedbackRequest;
import io.stagegate.api.grpc.v1.FeedbackSignal;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import io.stagegate.config.StagegateConfig;
import io.stagegate.testing.EventSchemas;
import io.stagegate.testing.EventTopicsReader;
import io.stagegate.testing.KafkaBrokerResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Every served query and feedback signal arrives on the real broker as schema-valid JSON, keyed by query id. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class EventsApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    StagegateConfig config;

    @Inject
    EventSink sink;

    @GrpcClient("stagegate")
    StagegateGrpc.StagegateBlockingStub grpc;

    @Test
    void everyServedQueryBecomesASchemaValidQueryEvent() throws IOException {
        String client = "client-" + UUID.randomUUID();
        JsonNode unary = EventJson.mapper().readTree(given().contentType(ContentType.JSON)
                .header("X-Client-Id", client).header("X-Session-Id", "session-1")
                .body("{\"query\": \"honeybee waggle dance\", \"pair\": \"rerank\"}")
                .post("/v1/search").then().statusCode(200).extract().asString());
        given().contentType(ContentType.JSON).header("X-Client-Id", client).accept("application/x-ndjson")
                .body("{\"query\": \"how do plants make energy\", \"topN\": 3}")
                .post("/v1/search/stream").then().statusCode(200);
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-client-id", Metadata.ASCII_STRING_MARSHALLER), client);
        var stub = grpc.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        var grpcUnary = stub.search(SearchRequest.newBuilder().setQuery("volcano eruption").setTopN(4).build());
        stub.searchStream(SearchRequest.newBuilder().setQuery("black holes").setPair("rerank").build())
                .forEachRemaining(e -> { });

        Map<String, JsonNode> byTransport = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : read(config.events().topics().query(), client, 4)) {
            assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, r.value()));
            JsonNode e = EventJson.mapper().readTree(r.value());
            assertEquals(r.key(), e.get("query_id").asText(), "keyed by query id");
            byTransport.put(e.get("transport").asText(), e);
        }
        // Events of different query ids may land on different partitions: no order across them is promised.
        assertEquals(java.util.Set.of("http", "http-stream", "grpc", "grpc-stream"), byTransport.keySet());

        JsonNode http = byTransport.get("http");
        assertEquals(unary.get("requestId").asText(), http.get("query_id").asText(), "the requestId is the query id");
        assertEquals("session-1", http.get("session_id").asText());
        assertEquals("honeybee waggle dance", http.get("user_query").asText());
        assertEquals("rerank", http.get("pair").asText());
        assertEquals("all-minilm-l6-v2", http.get("embedder").asText());
        assertEquals("synthetic-ce-minilm-l6", http.get("reranker").asText());
        assertEquals(8, http.get("candidates").size(), "all K candidates, not just the shown hits");
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, http.get("candidates").get(i).get("ann_rank").asInt());
        }
        List<String> shown = new ArrayList<>();
        unary.get("hits").forEach(h -> shown.add(h.get("id").asText()));
        List<String> results = new ArrayList<>();
        http.get("results").forEach(h -> results.add(h.get("doc_id").asText()));
        assertEquals(shown, results, "results are what the client was shown, in order");
        assertEquals(results, EventJson.mapper().convertValue(http.get("query_response_hit_ids"), List.class));
        // Events carry scores as float32 (what the models produce); the response prints them as doubles.
        assertEquals(unary.get("hits").get(0).get("score").asDouble(), http.get("results").get(0).get("score").asDouble(),
                1e-6);

        JsonNode g = byTransport.get("grpc");
        assertEquals(grpcUnary.getRequestId(), g.get("query_id").asText());
        assertEquals(4, g.get("results").size());
        assertNull(g.get("reranker"), "the default pair has no reranker, so the field is absent");
        assertNull(g.get("session_id"));
        assertEquals(3, byTransport.get("http-stream").get("top_n").asInt());
    }

    @Test
    void feedbackOverHttpAndGrpcBecomesSchemaValidFeedbackEvents() throws IOException {
        String client = "fb-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).header("X-Client-Id", client)
                .body("{\"queryId\": \"q-1\", \"actionName\": \"click\", \"objectId\": \"photosynthesis\", \"position\": 1}")
                .post("/v1/feedback").then().statusCode(202).body("accepted", equalTo(1)).body("eventIds", hasSize(1));
        given().contentType(ContentType.JSON).header("X-Client-Id", client).header("X-Session-Id", "s-9")
                .body("[{\"query_id\": \"q-2\", \"action_name\": \"relevance\", \"object_id\": \"d-7\", \"grade\": 2,"
                        + " \"timestamp\": \"2026-11-26T10:00:00Z\"},"
                        + " {\"queryId\": \"q-2\", \"actionName\": \"thumbs_down\", \"objectId\": \"d-8\", \"position\": 2}]")
                .post("/v1/feedback").then().statusCode(202).body("accepted", equalTo(2));
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-client-id", Metadata.ASCII_STRING_MARSHALLER), client);
        var reply = grpc.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md)).feedback(FeedbackRequest.newBuilder()
                .addSignals(FeedbackSignal.newBuilder().setQueryId("q-3").setActionName("view").setObjectId("d-1")
                        .setPosition(3)).build());
        assertEquals(1, reply.getAccepted());

        Map<String, JsonNode> byAction = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : read(config.events().topics().feedback(), client, 4)) {
            assertEquals(List.of(), EventSchemas.errors(FeedbackEvent.SCHEMA, r.value()));
            JsonNode e = EventJson.mapper().readTree(r.value());
            assertEquals(r.key(), e.get("query_id").asText());
            byAction.put(e.get("action_name").asText(), e);
        }
        assertEquals(List.of("click", "relevance", "thumbs_down", "view"), byAction.keySet().stream().sorted().toList());
        assertEquals(2, byAction.get("relevance").get("grade").asInt());
        assertEquals("2026-11-26T10:00:00Z", byAction.get("relevance").get("timestamp").asText());
        assertEquals("s-9", byAction.get("thumbs_down").get("session_id").asText());
        assertEquals(reply.getEventIds(0), byAction.get("view").get("event_id").asText());
        assertEquals(3, byAction.get("view").get("position").asInt());
    }

    @Test
    void trainingEventsRoundTripThroughTheSameSink() throws IOException {
        String id = "t-" + UUID.randomUUID();
        sink.publish(new TrainingEvent(TrainingEvent.SCHEMA, UUID.randomUUID().toString(), id, "what is photosynthesis",
                List.of("Plants convert light."), List.of("Volcanoes erupt."), Map.of("mode", "mined", "pair", "default",
                "pos_ids", List.of("photosynthesis"), "neg_ids", List.of("volcano"), "neg_ranks", List.of(2)),
                "2026-11-26T10:00:00Z"));
        var records = EventTopicsReader.readUntil(config.events().topics().training(), WAIT,
                rs -> rs.stream().anyMatch(r -> r.key().equals(id)));
        ConsumerRecord<String, byte[]> r = records.stream().filter(x -> x.key().equals(id)).findFirst().orElseThrow();
        assertEquals(List.of(), EventSchemas.errors(TrainingEvent.SCHEMA, r.value()));
        TrainingEvent back = EventJson.read(r.value(), TrainingEvent.class);
        assertEquals(List.of("Volcanoes erupt."), back.neg());
    }

    @Test
    void theSchemasRejectWhatTheyShould() {
        byte[] noQuery = "{\"schema\":\"stagegate.feedback.v1\",\"event_id\":\"6f1c2d1e-8b0a-4c51-9a43-1f0e2b7c9d10\",\"action_name\":\"click\",\"object_id\":\"d\",\"timestamp\":\"2026-11-26T10:00:00Z\"}".getBytes();
        assertTrue(EventSchemas.errors(FeedbackEvent.SCHEMA, noQuery).stream().anyMatch(e -> e.contains("query_id")));
        byte[] gradeOnClick = "{\"schema\":\"stagegate.feedback.v1\",\"event_id\":\"6f1c2d1e-8b0a-4c51-9a43-1f0e2b7c9d10\",\"query_id\":\"q\",\"action_name\":\"click\",\"object_id\":\"d\",\"grade\":1,\"timestamp\":\"2026-11-26T10:00:00Z\"}".getBytes();
        assertTrue(!EventSchemas.errors(FeedbackEvent.SCHEMA, gradeOnClick).isEmpty());
    }

    @Test
    void badFeedbackIsRefusedNamingTheProblemAndNothingIsRecorded() {
        String[][] cases = {
                {"{\"actionName\": \"click\", \"objectId\": \"d\"}", "query_id"},
                {"{\"queryId\": \"q\", \"actionName\": \"like\", \"objectId\": \"d\"}", "action_name must be one of"},
                {"{\"queryId\": \"q\", \"actionName\": \"click\"}", "object_id"},
                {"{\"queryId\": \"q\", \"actionName\": \"relevance\", \"objectId\": \"d\"}", "grade is required"},
                {"{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\", \"grade\": 1}", "grade is only allowed"},
                {"{\"queryId\": \"q\", \"actionName\": \"relevance\", \"objectId\": \"d\", \"grade\": 11}", "grade must be 0..10"},
                {"{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\", \"position\": 0}", "position must be"},
                {"{\"queryId\": \"q w\", \"actionName\": \"click\", \"objectId\": \"d\"}", "query_id must be"},
                {"{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\", \"timestamp\": \"yesterday\"}", "timestamp"},
                {"{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\", \"position\": \"1\"}", "position"},
                {"[]", "1..1000"},
                {"[{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\"}, {\"queryId\": \"q\"}]", "feedback[1]"},
                {"[1]", "feedback[0] must be a JSON object"},
                {"\"click\"", "feedback object"},
        };
        long offered = ((EventPublisher) sink).counters().offered();
        for (String[] c : cases) {
            given().contentType(ContentType.JSON).body(c[0]).post("/v1/feedback").then()
                    .statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("message", containsString(c[1]));
        }
        assertEquals(offered, ((EventPublisher) sink).counters().offered(), "a refused request records nothing, "
                + "not even its valid signals");
        given().contentType(ContentType.JSON).header("X-Client-Id", "has space")
                .body("{\"query\": \"x\"}").post("/v1/search").then()
                .statusCode(400).body("message", containsString("X-Client-Id"));
        var grpcBad = assertThrows(StatusRuntimeException.class, () -> grpc.feedback(FeedbackRequest.newBuilder()
                .addSignals(FeedbackSignal.newBuilder().setQueryId("q").setActionName("relevance").setObjectId("d")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, grpcBad.getStatus().getCode());
        assertTrue(grpcBad.getStatus().getDescription().contains("grade is required"));
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("x-session-id", Metadata.ASCII_STRING_MARSHALLER), "bad session");
        var badMeta = assertThrows(StatusRuntimeException.class, () -> grpc
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md))
                .search(SearchRequest.newBuilder().setQuery("x").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, badMeta.getStatus().getCode());
        assertTrue(badMeta.getStatus().getDescription().contains("x-session-id"));
    }

    @Test
    void eventsHaveTheirOwnReadinessCheckBesideThePairs() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'events' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'events' }.data.durability", equalTo("buffered"))
                .body("checks.find { it.name == 'pairs' }.status", equalTo("UP"));
    }

    /** The records of the topic whose client_id is {@code client}, waiting until {@code expected} of them arrived. */
    private static List<ConsumerRecord<String, byte[]>> read(String topic, String client, int expected) {
        var records = EventTopicsReader.readUntil(topic, WAIT, rs -> mine(rs, client).size() >= expected);
        List<ConsumerRecord<String, byte[]>> mine = mine(records, client);
        assertEquals(expected, mine.size(), "events of " + client + " on " + topic);
        return mine;
    }

    private static List<ConsumerRecord<String, byte[]>> mine(List<ConsumerRecord<String, byte[]>> records, String client) {
        String needle = "\"client_id\":\"" + client + "\"";
        return records.stream().filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(needle))
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::timestamp)).toList();
    }
}
