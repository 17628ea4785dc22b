package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /v1/search/stream as SSE and as NDJSON, parsed event by event. */
@QuarkusTest
class SearchStreamApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    record Event(String name, JsonNode data) {
    }

    static List<Event> parseSse(String body) throws Exception {
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && name != null) {
                events.add(new Event(name, JSON.readTree(data.toString())));
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }

    @io.quarkus.test.common.http.TestHTTPResource("/v1/search/stream")
    java.net.URI stream;

    @Test
    void noPreferenceGetsServerSentEventsAsDocumented() throws Exception {
        // curl's default Accept: */*, and a client that sends none at all.
        given().contentType(ContentType.JSON).accept("*/*").body("{\"query\": \"bees\"}").post("/v1/search/stream")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"));
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(stream)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"query\": \"bees\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"),
                response.headers().toString());
        assertTrue(response.body().contains("event:done"), response.body());
    }

    @Test
    void sseDeliversCandidatesThenResultsThenDone() throws Exception {
        String body = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"query\": \"bees and pollination\", \"pair\": \"rerank\"}")
                .post("/v1/search/stream")
                .then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/event-stream"))
                .extract().asString();
        List<Event> events = parseSse(body);
        assertEquals(List.of("candidates", "results", "done"), events.stream().map(Event::name).toList(), body);
        JsonNode candidates = events.get(0).data();
        assertEquals(8, candidates.get("candidates").size());
        assertTrue(candidates.get("candidates").get(0).get("annScore").asDouble() > 0);
        assertEquals(5, events.get(1).data().get("hits").size());
        assertEquals("rerank", events.get(2).data().get("pair").asText());
        assertTrue(events.get(2).data().get("timings").get("rerankInferenceMs").asDouble() > 0);
        assertEquals(candidates.get("requestId").asText(), events.get(2).data().get("requestId").asText());
    }

    @Test
    void ndjsonDeliversTheSameEventsOnePerLine() throws Exception {
        String body = given().contentType(ContentType.JSON).accept("application/x-ndjson")
                .body("{\"query\": \"volcano eruptions\", \"topN\": 2}")
                .post("/v1/search/stream")
                .then().statusCode(200)
                .extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertEquals(List.of("candidates", "results", "done"), lines.stream().map(l -> l.get("event").asText()).toList());
        assertEquals("volcanoes", lines.get(1).get("hits").get(0).get("id").asText());
    }

    @Test
    void invalidRequestsAreRefusedBeforeTheStreamStarts() {
        given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"query\": \"\"}")
                .post("/v1/search/stream")
                .then().statusCode(400).contentType(ContentType.JSON);
    }

    @Test
    void aFailureAfterTheStreamStartedBecomesAnErrorEvent() throws Exception {
        // A 1 ms deadline passes while the query waits to be embedded.
        String body = given().contentType(ContentType.JSON).accept("text/event-stream")
                .body("{\"query\": \"coffee brewing temperature\", \"pair\": \"rerank\", \"timeoutMs\": 1}")
                .post("/v1/search/stream")
                .then().statusCode(200).extract().asString();
        List<Event> events = parseSse(body);
        Event last = events.getLast();
        assertEquals("error", last.name(), body);
        assertEquals("DEADLINE_EXCEEDED", last.data().get("error").asText());
    }
}
