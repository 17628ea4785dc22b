package io.stagegate.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every API example of the README and docs/ runs as written against a gateway on its defaults (as Mutiny compiles its
 * guide's code): each {@code curl} and {@code stagegate grpc-call} line of every bash block, in page order, must
 * succeed. A block that needs more than the embedded default says so in an {@code <!-- example needs: ... -->}
 * comment right above it and is left out; this test lists those so none hides silently.
 */
@QuarkusTest
@TestProfile(DocsExamplesTest.Fresh.class)
class DocsExamplesTest {
    /** A gateway of its own: no other test's experiment may be running when the docs start one. */
    public static class Fresh implements QuarkusTestProfile {
    }

    private static final Duration WAIT = Duration.ofSeconds(120);

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyExampleInTheDocsRunsAsWritten() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int ran = 0;
        List<String> needsMore = new ArrayList<>();
        for (Path page : pages) {
            for (Examples.Block block : Examples.bashBlocks(Files.readString(page))) {
                if (block.needs() != null) {
                    needsMore.add(page + ": " + block.needs());
                    continue;
                }
                for (List<String> words : block.commands()) {
                    if (Examples.isCurl(words)) {
                        curl(page, words);
                        ran++;
                    } else if (Examples.isGrpcCall(words)) {
                        grpcCall(page, words);
                        ran++;
                    }
                }
            }
        }
        System.out.println("docs examples: ran " + ran + " commands; left out (they say what they need): " + needsMore);
        assertTrue(ran >= 12, "the docs' examples were found: " + ran);
    }

    private void curl(Path page, List<String> words) throws Exception {
        Examples.Curl c = Examples.parseCurl(words);
        URI uri = URI.create("http://localhost:" + port + c.path());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).method(c.method(),
                    c.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(c.body()));
            c.headers().forEach(b::header);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            // A user would wait for "ready" (the docs say so); the test waits for it the same way.
            boolean notYet = r.statusCode() == 409 && r.body().contains("not ready") || r.statusCode() == 503;
            if (notYet && System.nanoTime() < deadline) {
                Thread.sleep(500);
                continue;
            }
            assertTrue(r.statusCode() < 300, page + ": " + String.join(" ", words) + "\n -> " + r.statusCode() + " "
                    + r.body());
            return;
        }
    }

    private void grpcCall(Path page, List<String> words) throws IOException {
        List<String> args = new ArrayList<>(words.subList(2, words.size()));
        args.addAll(List.of("--target", "localhost:" + port));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = io.stagegate.cli.GrpcCalls.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, page + ": " + String.join(" ", words) + "\n -> " + out.toString(StandardCharsets.UTF_8));
    }
}
