package io.stagegate.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two HTTP calls a simulated user makes: POST /v1/search and POST /v1/feedback. */
public final class GatewayClient {
    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * What a search answered: the request id (the query id feedback refers to), the result ids in rank order, the
     * routing (experiment arm, "interleave", or null outside an experiment) and, for an interleaved list, each hit's arm.
     */
    /** The gateway refused for overload (429); a polite client waits {@code retryAfterSeconds} and asks again. */
    static final class Refused extends IOException {
        final long retryAfterSeconds;

        Refused(long retryAfterSeconds, String body) {
            super("search refused (429, Retry-After " + retryAfterSeconds + " s): " + body);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    public record Answer(String requestId, List<String> ids, String experiment, String arm, List<String> hitArms) {
    }

    public GatewayClient(HttpClient http, String baseUrl, Duration timeout) {
        this.http = http;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
    }

    /** Fails with a message that says what to do when nothing answers at the URL. */
    public void checkReachable() throws InterruptedException {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/live")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("the gateway at " + base + " is unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); start it with `stagegate serve` or pass --url");
        }
    }

    public Answer search(String query, int topN, String pair) throws IOException, InterruptedException {
        return search(query, topN, pair, null);
    }

    /** @param clientId sent as X-Client-Id (the unit an experiment assigns arms by); null sends none */
    public Answer search(String query, int topN, String pair, String clientId) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("topN", topN);
        if (pair != null) {
            body.put("pair", pair);
        }
        body.put("includeText", false);
        HttpResponse<String> r = post("/v1/search", body, clientId == null ? Map.of() : Map.of("X-Client-Id", clientId));
        if (r.statusCode() == 429) {
            throw new Refused(Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")), abbreviate(r.body()));
        }
        if (r.statusCode() != 200) {
            throw new IOException("search answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        JsonNode node = json.readTree(r.body());
        List<String> ids = new ArrayList<>();
        List<String> arms = new ArrayList<>();
        node.path("hits").forEach(h -> {
            ids.add(h.path("id").asText());
            if (h.hasNonNull("arm")) {
                arms.add(h.get("arm").asText());
            }
        });
        JsonNode routing = node.path("routing");
        return new Answer(node.path("requestId").asText(), ids, routing.path("experiment").asText(null),
                routing.path("arm").asText(null), arms);
    }

    /** One POST with all of a query's signals, as a JSON array. */
    public void feedback(List<Map<String, Object>> signals, String clientId, String sessionId)
            throws IOException, InterruptedException {
        HttpResponse<String> r = post("/v1/feedback", signals, Map.of("X-Client-Id", clientId, "X-Session-Id", sessionId));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("feedback answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
    }

    private HttpResponse<String> post(String path, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
