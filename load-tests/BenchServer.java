import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway started from the packaged jar on a loopback port with its own temporary data directory, for the
 * benchmark drivers in this folder: waits for readiness, calls the API, reads metrics and the process's CPU time.
 */
public record BenchServer(Process process, int port, HttpClient http) implements AutoCloseable {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path WORK = ROOT.resolve("target/bench");

    /** Starts {@code name} on {@code port} with the given -D settings; fails if it is not ready in time (bench.ready-timeout-s). */
    public static BenchServer start(String name, int port, List<String> settings) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -q -B package -DskipTests first");
        }
        Files.createDirectories(WORK);
        Path data = Files.createTempDirectory(WORK, name + "-");
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx2g", "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                "-Dstagegate.data-dir=" + data));
        command.addAll(settings);
        command.addAll(List.of("-jar", JAR.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("server-" + name + ".log").toFile()).start();
        BenchServer s = new BenchServer(p, port, HttpClient.newHttpClient());
        // A first start over a large corpus embeds it for every configured embedder before it is ready.
        long deadline = System.nanoTime() + Long.getLong("bench.ready-timeout-s", 300) * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("server " + name + " exited; see " + WORK.resolve("server-" + name + ".log"));
            }
            if (s.get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return s;
            }
            Thread.sleep(500);
        }
        s.close();
        throw new IllegalStateException("server " + name + " did not become ready; see " + WORK);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Optional<HttpResponse<String>> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).build());
    }

    /** A JSON request (POST, PUT, DELETE); throws unless the answer is 2xx. */
    public String call(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = send(b.build()).orElseThrow(() -> new IllegalStateException(method + " " + path + " failed"));
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    public String metrics() {
        return get("/q/metrics").map(HttpResponse::body).orElse("");
    }

    /** The sum of every sample of a Prometheus metric whose line starts with {@code prefix} (name and labels). */
    public double metric(String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "[^ ]* ([0-9.eE+-]+)$").matcher(metrics());
        double sum = 0;
        boolean any = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            any = true;
        }
        return any ? sum : Double.NaN;
    }

    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
