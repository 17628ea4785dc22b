import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Unary vs streaming search over HTTP: throughput, latency percentiles and time to first result (TTFR), for the
 * default pair and a rerank pair, reading the server's Server-Timing header for per-stage times.
 *
 *   ./mvnw -q -B package -DskipTests && java load-tests/StreamingBench.java [--quick]
 *
 * TTFR is the time until the first ranked hits are in hand: the whole response for unary JSON, the first event for a
 * stream (for a pair without reranker, the ANN candidates are the ranked hits; with a reranker they are the preview
 * and the "results" event carries the final ranking). gRPC streaming is measured by GrpcStreamBench in the same folder.
 */
public final class StreamingBench {
    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final int PORT = 18090;
    static final String[] QUERIES = {"how do plants make energy from sunlight", "why do corals bleach",
        "what causes earthquakes and mountains", "benefits of regular exercise", "how does the immune system remember",
        "history of printing books", "best temperature to brew coffee", "how do bees find flowers",
        "what is inflation and how do central banks react", "how do lithium batteries work"};

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        double seconds = quick ? 8 : 20;
        Path data = Files.createTempDirectory("stagegate-streaming-bench");
        Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + PORT, "-Dquarkus.http.host=127.0.0.1", "-Dstagegate.data-dir=" + data,
                "-Dstagegate.pairs.rerank.embedder=bge-small-en-v1.5",
                "-Dstagegate.pairs.rerank.reranker=synthetic-ce-minilm-l6", "-Dstagegate.pairs.rerank.candidates=20",
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        try {
            waitReady();
            List<String> rows = new ArrayList<>();
            for (String pair : new String[] {"default", "rerank"}) {
                run("json", pair, 2, 3, 1);
                for (int c : new int[] {1, 4}) {
                    rows.add(run("json", pair, c, seconds, 0).row());
                    rows.add(run("sse", pair, c, seconds, 0).row());
                    rows.add(run("ndjson", pair, c, seconds, 0).row());
                }
            }
            System.out.println("| pair | mode | conc. | req/s | p50 ms | p95 ms | p99 ms | TTFR p50 | TTFR p95 | server embed ms | server ann ms | server rerank ms | refused/failed |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    record Result(String pair, String mode, int concurrency, double rps, double p50, double p95, double p99, double ttfr50,
                  double ttfr95, double embed, double ann, double rerank, long errors) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |",
                    pair, mode, concurrency, rps, p50, p95, p99, ttfr50, ttfr95, embed, ann, rerank, errors);
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
    static final Pattern TIMING = Pattern.compile("([a-z-]+);dur=([0-9.]+)");
    static final Pattern EVENT_TIMING = Pattern.compile("\"(embedMs|annMs|rerankMs)\":([0-9.]+)");

    static Result run(String mode, String pair, int concurrency, double seconds, int unused) throws Exception {
        List<Double> total = Collections.synchronizedList(new ArrayList<>());
        List<Double> first = Collections.synchronizedList(new ArrayList<>());
        double[] stage = new double[3];
        AtomicLong counter = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    String q = QUERIES[(int) (counter.getAndIncrement() % QUERIES.length)];
                    String body = "{\"query\": \"" + q + "\", \"pair\": \"" + pair + "\", \"topN\": 5, \"includeText\": false}";
                    try {
                        if (!one(mode, body, total, first, stage)) {
                            errors.incrementAndGet();
                            Thread.sleep(200); // refused (429 or an error event): back off like a polite client
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> t = sorted(total);
        List<Double> f = sorted(first);
        int n = Math.max(1, t.size());
        synchronized (stage) {
            return new Result(pair, mode, concurrency, t.size() / elapsed, pct(t, 50), pct(t, 95), pct(t, 99), pct(f, 50),
                    pct(f, 95), stage[0] / n, stage[1] / n, stage[2] / n, errors.get());
        }
    }

    /** One request; false when it was refused or ended in an error event (not counted in the latencies). */
    static boolean one(String mode, String body, List<Double> total, List<Double> first, double[] stage) throws Exception {
        long t0 = System.nanoTime();
        String path = mode.equals("json") ? "/v1/search" : "/v1/search/stream";
        String accept = switch (mode) {
            case "sse" -> "text/event-stream";
            case "ndjson" -> "application/x-ndjson";
            default -> "application/json";
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json").header("Accept", accept)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        if (mode.equals("json")) {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                return false;
            }
            total.add(ms);
            first.add(ms);
            Matcher m = TIMING.matcher(r.headers().firstValue("Server-Timing").orElse(""));
            synchronized (stage) {
                while (m.find()) {
                    switch (m.group(1)) {
                        case "embed" -> stage[0] += Double.parseDouble(m.group(2));
                        case "ann" -> stage[1] += Double.parseDouble(m.group(2));
                        case "rerank" -> stage[2] += Double.parseDouble(m.group(2));
                        default -> { }
                    }
                }
            }
            return true;
        }
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            r.body().close();
            return false;
        }
        boolean sawFirst = false;
        double firstMs = 0;
        for (Iterator<String> it = r.body().iterator(); it.hasNext(); ) {
            String line = it.next();
            boolean event = mode.equals("sse") ? line.startsWith("data:") : line.startsWith("{");
            if (event && !sawFirst) {
                firstMs = (System.nanoTime() - t0) / 1e6;
                sawFirst = true;
            }
            if (event && line.contains("\"event\":\"error\"")) {
                return false;
            }
            if (event && line.contains("\"event\":\"done\"")) {
                Matcher m = EVENT_TIMING.matcher(line);
                synchronized (stage) {
                    while (m.find()) {
                        int i = switch (m.group(1)) {
                            case "embedMs" -> 0;
                            case "annMs" -> 1;
                            default -> 2;
                        };
                        stage[i] += Double.parseDouble(m.group(2));
                    }
                }
            }
        }
        first.add(firstMs);
        total.add((System.nanoTime() - t0) / 1e6);
        return true;
    }

    static List<Double> sorted(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s;
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static void waitReady() throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("server did not become ready");
    }
}
