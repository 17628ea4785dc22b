package io.stagegate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway (target/quarkus-app/quarkus-run.jar, built by {@code package} before integration tests run) as a
 * process of its own, so a test can kill it as a crash would (SIGKILL) and start it again on the same data.
 */
public final class GatewayProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private GatewayProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on 127.0.0.1:{@code port} with these -D settings and waits until it is ready. */
    public static GatewayProcess start(int port, Path log, List<String> settings, Duration readyWithin)
            throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after `package`");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-XX:TieredStopAtLevel=1",
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-DOPT_OUT_TRACKING=true",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port));
        command.addAll(settings);
        command.addAll(List.of("-jar", JAR.toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OPT_OUT_TRACKING", "true");
        GatewayProcess g = new GatewayProcess(builder.start(), port, log);
        long deadline = System.nanoTime() + readyWithin.toNanos();
        while (System.nanoTime() < deadline) {
            if (!g.process.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + g.process.exitValue() + "; see " + log);
            }
            if (g.get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return g;
            }
            Thread.sleep(250);
        }
        g.kill();
        throw new IllegalStateException("the gateway was not ready within " + readyWithin + "; see " + log);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A JSON request (body may be null); headers as name, value pairs. */
    public HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash would: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: a graceful stop, which flushes events. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
