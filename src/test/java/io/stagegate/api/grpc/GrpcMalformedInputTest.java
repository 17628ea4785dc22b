package io.stagegate.api.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.stagegate.api.grpc.v1.EmbedRequest;
import io.stagegate.api.grpc.v1.FeedbackRequest;
import io.stagegate.api.grpc.v1.FeedbackSignal;
import io.stagegate.api.grpc.v1.RerankRequest;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.testing.RawGrpc;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gRPC malformed-input corpus, sent at the byte level so nothing a generated client would refuse to send is left
 * untried: every case gets the status a client's fault deserves (never INTERNAL or UNKNOWN, never a hang), and a
 * grpc-message that names the problem, encoded as the gRPC spec says (readable ASCII unescaped; only '%', controls and
 * non-ASCII bytes percent-encoded), which is what a grpc-js or grpc-go client shows its user.
 */
@QuarkusTest
class GrpcMalformedInputTest {
    private static final int OK = 0;
    private static final int INVALID_ARGUMENT = 3;
    private static final int DEADLINE_EXCEEDED = 4;
    private static final int NOT_FOUND = 5;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNIMPLEMENTED = 12;

    @Inject
    Vertx vertx;

    private RawGrpc grpc;

    @BeforeEach
    void open() {
        grpc = new RawGrpc(vertx, ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    }

    @AfterEach
    void close() {
        grpc.close();
    }

    record Case(String name, String method, byte[] body, Map<String, String> metadata, int status, String mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case search(String name, SearchRequest.Builder request, int status, String mentions) {
        return new Case(name, "Search", RawGrpc.frame(request.build().toByteArray()), Map.of(), status, mentions);
    }

    private static Case raw(String name, String method, String hex, int status, String mentions) {
        return new Case(name, method, RawGrpc.frame(HexFormat.of().parseHex(hex)), Map.of(), status, mentions);
    }

    private static SearchRequest.Builder query(String q) {
        return SearchRequest.newBuilder().setQuery(q);
    }

    private static Case withMetadata(String name, Map<String, String> metadata, int status, String mentions) {
        return new Case(name, "Search", RawGrpc.frame(query("bees").build().toByteArray()), metadata, status, mentions);
    }

    private static Case embed(String name, EmbedRequest.Builder request, int status, String mentions) {
        return new Case(name, "Embed", RawGrpc.frame(request.build().toByteArray()), Map.of(), status, mentions);
    }

    private static Case rerank(String name, RerankRequest.Builder request, int status, String mentions) {
        return new Case(name, "Rerank", RawGrpc.frame(request.build().toByteArray()), Map.of(), status, mentions);
    }

    private static Case feedback(String name, FeedbackSignal.Builder signal, int status, String mentions) {
        return new Case(name, "Feedback", RawGrpc.frame(FeedbackRequest.newBuilder().addSignals(signal).build().toByteArray()),
                Map.of(), status, mentions);
    }

    private static FeedbackSignal.Builder click() {
        return FeedbackSignal.newBuilder().setQueryId("q-1").setActionName("click").setObjectId("photosynthesis");
    }

    static Stream<Case> corpus() {
        List<Case> cases = new ArrayList<>();
        // Numbers out of range.
        cases.add(search("topN zero", query("x").setTopN(0), INVALID_ARGUMENT, "topN must be 1..1000, was 0"));
        cases.add(search("topN negative", query("x").setTopN(-5), INVALID_ARGUMENT, "topN must be 1..1000, was -5"));
        cases.add(search("topN huge", query("x").setTopN(Integer.MAX_VALUE), INVALID_ARGUMENT, "topN must be 1..1000"));
        cases.add(search("candidates below topN", query("x").setTopN(10).setCandidates(5), INVALID_ARGUMENT, "candidates"));
        cases.add(search("candidates negative", query("x").setCandidates(-1), INVALID_ARGUMENT, "candidates"));
        cases.add(search("candidates huge", query("x").setCandidates(1 << 30), INVALID_ARGUMENT, "candidates"));
        // Strings: missing, blank, invisible, too long, too large for a message.
        cases.add(search("query missing", SearchRequest.newBuilder().setTopN(3), INVALID_ARGUMENT, "query must be a non-blank string"));
        cases.add(search("query blank", query("   \t"), INVALID_ARGUMENT, "query must be a non-blank string, was blank"));
        cases.add(search("query of NUL characters", query("\u0000\u0000"), INVALID_ARGUMENT, "query must hold at least one visible character"));
        cases.add(search("query of zero-width spaces", query("\u200b\u200b\u2060"), INVALID_ARGUMENT, "visible character"));
        cases.add(search("query of 20,000 characters", query("a ".repeat(10_000)), INVALID_ARGUMENT, "query must be at most 16384 characters, was 20000"));
        cases.add(search("query of 100 KB (over the message limit)", query("b".repeat(100_000)), RESOURCE_EXHAUSTED,
                "larger than the 65536-byte limit (stagegate.limits.max-body-bytes"));
        // Names that resolve to nothing.
        cases.add(search("unknown pair", query("x").setPair("nope"), NOT_FOUND, "unknown pair 'nope'; pairs: "));
        cases.add(search("unknown pair with non-ASCII name", query("x").setPair("nopé"), NOT_FOUND, "unknown pair 'nop%C3%A9'"));
        // Bytes that are not a SearchRequest.
        cases.add(raw("random bytes", "Search", "ffffffff0f", INVALID_ARGUMENT, "could not be parsed as a stagegate.v1.SearchRequest"));
        cases.add(raw("length-delimited field cut short", "Search", "0a5061", INVALID_ARGUMENT, "could not be parsed"));
        cases.add(raw("invalid UTF-8 in a string field", "Search", "0a02c328", INVALID_ARGUMENT, "could not be parsed"));
        cases.add(raw("field number zero", "Search", "0001", INVALID_ARGUMENT, "could not be parsed"));
        cases.add(raw("empty message (all defaults)", "Search", "", INVALID_ARGUMENT, "query must be a non-blank string"));
        cases.add(raw("query sent as a varint (unknown field to protobuf)", "Search", "0805", INVALID_ARGUMENT, "query"));
        cases.add(raw("stream streaming: random bytes", "SearchStream", "ffffffff0f", INVALID_ARGUMENT, "could not be parsed"));
        cases.add(new Case("no message at all", "Search", new byte[0], Map.of(), INVALID_ARGUMENT, "malformed or missing"));
        cases.add(new Case("frame length beyond the body", "Search", HexFormat.of().parseHex("0000000010" + "0a0162"), Map.of(),
                INVALID_ARGUMENT, "malformed or missing"));
        // Metadata.
        cases.add(withMetadata("x-client-id with a space", Map.of("x-client-id", "bad id"), INVALID_ARGUMENT, "x-client-id"));
        cases.add(withMetadata("x-client-id of 129 characters", Map.of("x-client-id", "c".repeat(129)), INVALID_ARGUMENT, "x-client-id"));
        cases.add(withMetadata("x-session-id with a slash", Map.of("x-session-id", "a/b"), INVALID_ARGUMENT, "x-session-id"));
        cases.add(withMetadata("deadline already passed", Map.of("grpc-timeout", "1n"), DEADLINE_EXCEEDED, "deadline"));
        // Embed.
        cases.add(embed("embed: no inputs", EmbedRequest.newBuilder(), INVALID_ARGUMENT, "inputs must not be empty"));
        cases.add(embed("embed: a blank input", EmbedRequest.newBuilder().addInputs("ok").addInputs(" "), INVALID_ARGUMENT, "inputs[1]"));
        cases.add(embed("embed: an invisible input", EmbedRequest.newBuilder().addInputs("\u0001"), INVALID_ARGUMENT, "inputs[0] must hold at least one visible"));
        cases.add(embed("embed: too many inputs", EmbedRequest.newBuilder().addAllInputs(Collections.nCopies(2049, "a")),
                INVALID_ARGUMENT, "inputs holds 2049 items; at most 2048"));
        cases.add(embed("embed: unknown model", EmbedRequest.newBuilder().setModel("nope").addInputs("a"), NOT_FOUND, "nope"));
        cases.add(raw("embed: random bytes", "Embed", "ffff", INVALID_ARGUMENT, "stagegate.v1.EmbedRequest"));
        // Rerank.
        cases.add(rerank("rerank: blank query", RerankRequest.newBuilder().setQuery(" ").addDocuments("d"), INVALID_ARGUMENT, "query"));
        cases.add(rerank("rerank: no documents", RerankRequest.newBuilder().setQuery("q"), INVALID_ARGUMENT, "documents must not be empty"));
        cases.add(rerank("rerank: negative top_n", RerankRequest.newBuilder().setQuery("q").addDocuments("d").setTopN(-1),
                INVALID_ARGUMENT, "top_n"));
        cases.add(rerank("rerank: too many documents", RerankRequest.newBuilder().setQuery("q")
                .addAllDocuments(Collections.nCopies(1001, "d")), INVALID_ARGUMENT, "documents holds 1001 items; at most 1000"));
        cases.add(rerank("rerank: an embedder named as the reranker", RerankRequest.newBuilder().setModel("all-minilm-l6-v2")
                .setQuery("q").addDocuments("d"), INVALID_ARGUMENT, "all-minilm-l6-v2"));
        // Feedback.
        cases.add(new Case("feedback: no signals", "Feedback", RawGrpc.frame(new byte[0]), Map.of(), INVALID_ARGUMENT, "signals"));
        cases.add(feedback("feedback: unknown action", click().setActionName("like"), INVALID_ARGUMENT, "like"));
        cases.add(feedback("feedback: grade on a click", click().setGrade(3), INVALID_ARGUMENT, "grade"));
        cases.add(feedback("feedback: position zero", click().setPosition(0), INVALID_ARGUMENT, "position"));
        cases.add(feedback("feedback: malformed query id", click().setQueryId("q 1"), INVALID_ARGUMENT, "query"));
        cases.add(feedback("feedback: bad timestamp", click().setTimestamp("yesterday"), INVALID_ARGUMENT, "timestamp"));
        // A method that does not exist.
        cases.add(raw("unknown method", "Nope", "", UNIMPLEMENTED, "Nope"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyMalformedInputGetsAClientErrorNamingTheProblem(Case c) {
        RawGrpc.Answer answer = grpc.call(c.method(), c.body(), c.metadata());
        assertEquals(Integer.toString(c.status()), answer.status(), c.name() + ": " + answer);
        assertNotNull(answer.message(), c.name() + ": no grpc-message");
        assertTrue(answer.message().contains(c.mentions()), c.name() + ": grpc-message was '" + answer.message() + "'");
        assertSpecEncoded(answer.message());
    }

    @Test
    void theCorpusHoldsAtLeastThirtyCases() {
        assertTrue(corpus().count() >= 30);
    }

    @Test
    void aValidRequestStillSucceedsOverTheRawWire() {
        RawGrpc.Answer answer = grpc.call("Search", RawGrpc.frame(query("bees and pollination").setTopN(2).build()
                .toByteArray()), Map.of());
        assertEquals(Integer.toString(OK), answer.status());
        assertTrue(answer.bodyBytes() > 0);
    }

    /** Printable ASCII except '%' travels as itself; spaces, commas and semicolons are never escaped. */
    private static void assertSpecEncoded(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            assertTrue(c >= 0x20 && c <= 0x7E, "non-printable character on the wire in '" + raw + "'");
            if (c == '%') {
                String hex = raw.substring(i + 1, Math.min(raw.length(), i + 3));
                int value = Integer.parseInt(hex, 16);
                assertTrue(value < 0x20 || value > 0x7E || value == '%', "needlessly escaped %" + hex + " in '" + raw + "'");
            }
        }
        assertFalse(raw.contains("%20") || raw.contains("%2C") || raw.contains("%3B"), raw);
    }
}
