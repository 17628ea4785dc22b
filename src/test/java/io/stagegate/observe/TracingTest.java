package io.stagegate.observe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.EventJson;
import io.stagegate.events.QueryEvent;
import io.stagegate.testing.EventSchemas;
import io.stagegate.testing.EventTopicsReader;
import io.stagegate.testing.Eventually;
import io.stagegate.testing.KafkaBrokerResource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * With the OpenTelemetry SDK on and an in-memory exporter in place of OTLP, a search that arrives with a W3C
 * {@code traceparent} continues that trace: a {@code stagegate.search} span under the server span, one child per stage
 * laid out in order on the timeline, and the trace id in the query event on the real broker.
 */
@QuarkusTest
@TestProfile(TracingTest.Traced.class)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
class TracingTest {
    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false",
                    "quarkus.otel.exporter.otlp.enabled", "false",
                    "quarkus.otel.bsp.schedule.delay", "0.05s");
        }
    }

    /** Picked up by the Quarkus extension as the exporter (its default exporter kind is "cdi"). */
    @Singleton
    static class Exporter {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter exporter;

    @Inject
    StagegateConfig config;

    @Test
    void aSearchContinuesTheCallersTraceWithOneSpanPerStage() throws Exception {
        byte[] bytes = new byte[16];
        new Random(7).nextBytes(bytes);
        String traceId = HexFormat.of().formatHex(bytes);
        String clientId = "tracing-" + traceId.substring(0, 8);
        given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("X-Client-Id", clientId)
                .body(Map.of("query", "volcano eruption", "pair", "rerank"))
                .post("/v1/search").then().statusCode(200);

        Eventually.until(Duration.ofSeconds(20), () -> spans(traceId).containsKey("stagegate.rerank.inference"),
                "the search's spans exported");
        Map<String, SpanData> spans = spans(traceId);
        SpanData search = spans.get("stagegate.search");
        assertEquals("rerank", search.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("stagegate.pair")).findFirst().orElseThrow().getValue());
        SpanData server = spans.get(search.getParentSpanId().isEmpty() ? "" : nameOf(spans, search.getParentSpanId()));
        assertTrue(server != null && server.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER,
                "stagegate.search hangs under the HTTP server span, got parent " + search.getParentSpanId());
        for (String stage : List.of("stagegate.embed", "stagegate.ann", "stagegate.rerank")) {
            assertEquals(search.getSpanId(), spans.get(stage).getParentSpanId(), stage + " is a child of the search");
        }
        for (String part : List.of("queue", "inference")) {
            assertEquals(spans.get("stagegate.embed").getSpanId(),
                    spans.get("stagegate.embed." + part).getParentSpanId());
            assertEquals(spans.get("stagegate.rerank").getSpanId(),
                    spans.get("stagegate.rerank." + part).getParentSpanId());
        }
        assertTrue(spans.get("stagegate.embed").getEndEpochNanos() <= spans.get("stagegate.ann").getStartEpochNanos());
        assertTrue(spans.get("stagegate.ann").getEndEpochNanos() <= spans.get("stagegate.rerank").getStartEpochNanos());
        assertTrue(spans.get("stagegate.rerank").getEndEpochNanos() <= search.getEndEpochNanos());
        assertTrue(spans.get("stagegate.embed.inference").getEndEpochNanos()
                > spans.get("stagegate.embed.inference").getStartEpochNanos(), "inference took time");

        List<ConsumerRecord<String, byte[]>> records = EventTopicsReader.readUntil(config.events().topics().query(),
                Duration.ofSeconds(60), rs -> mine(rs, clientId) != null);
        ConsumerRecord<String, byte[]> mine = mine(records, clientId);
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, mine.value()));
        assertEquals(traceId, EventJson.mapper().readTree(mine.value()).get("trace_id").asText());
    }

    @Test
    void aSearchWithoutTraceparentIsTracedUnderTheServersOwnTrace() throws Exception {
        String clientId = "untraced-" + System.nanoTime();
        given().contentType(ContentType.JSON).header("X-Client-Id", clientId)
                .body(Map.of("query", "volcano eruption")).post("/v1/search").then().statusCode(200);
        List<ConsumerRecord<String, byte[]>> records = EventTopicsReader.readUntil(config.events().topics().query(),
                Duration.ofSeconds(60), rs -> mine(rs, clientId) != null);
        JsonNode e = EventJson.mapper().readTree(mine(records, clientId).value());
        // The server starts a trace of its own when the caller sends none, and the event names it.
        assertFalse(e.path("trace_id").asText("").isEmpty(), "a sampled server trace has an id: " + e);
    }

    private Map<String, SpanData> spans(String traceId) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toMap(SpanData::getName, Function.identity(), (a, b) -> a));
    }

    private static String nameOf(Map<String, SpanData> spans, String spanId) {
        return spans.values().stream().filter(s -> s.getSpanId().equals(spanId)).map(SpanData::getName).findFirst()
                .orElse("");
    }

    private static ConsumerRecord<String, byte[]> mine(List<ConsumerRecord<String, byte[]>> records, String clientId) {
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                if (clientId.equals(EventJson.mapper().readTree(r.value()).path("client_id").asText())) {
                    return r;
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }
}
