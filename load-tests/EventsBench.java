import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What recording events costs a search: two gateways with the same pair and corpus, one publishing query events to
 * the real Kafka broker (scripts/kafka-broker.sh), one with events off, loaded in alternating rounds of the same
 * closed-loop workload (on/off, off/on, ...) so drift on this shared machine hits both alike. Reports throughput and
 * latency per setting and the on/off ratio measured in this one run, then checks the publisher lost nothing.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" load-tests/EventsBench.java [--quick]
 * </pre>
 */
public final class EventsBench {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path WORK = ROOT.resolve("target/bench");
    static final String EMBEDDER = System.getProperty("bench.embedder", "all-minilm-l6-v2");
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final String[] WORDS = ("plants energy sunlight volcano eruption ocean tides moon black holes stars honeybee "
            + "dance antibiotic resistance bacteria plate tectonics earthquake climate carbon cell protein gene")
            .split(" ");

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String onLabel = List.of(args).contains("--spool-only") ? "events on (spool, no Kafka)" : "events on (Kafka)";
        int rounds = quick ? 2 : 4;
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", quick ? "10" : "20"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", quick ? "5" : "30"));
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -q -B package -DskipTests first");
        }
        Files.createDirectories(WORK);
        Process broker = new ProcessBuilder("bash", ROOT.resolve("scripts/kafka-broker.sh").toString(), "start")
                .inheritIO().start();
        if (broker.waitFor() != 0) {
            throw new IllegalStateException("the Kafka broker did not start");
        }
        String topic = "bench-" + System.currentTimeMillis();
        // --spool-only: events on but no Kafka configured (the embedded default), which separates the publisher's
        // own cost from the Kafka client's and the co-located broker's.
        Server on = List.of(args).contains("--spool-only") ? Server.start("on", 8091)
                : Server.start("on", 8091, "-Dstagegate.events.kafka.bootstrap-servers=127.0.0.1:19092",
                "-Dstagegate.events.topics.query=" + topic + ".query", "-Dstagegate.events.topics.feedback=" + topic + ".feedback");
        Server off = Server.start("off", 8092, "-Dstagegate.events.enabled=false");
        try {
            Random random = new Random(42);
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 512; i++) {
                StringBuilder q = new StringBuilder();
                for (int w = 0; w < 4 + random.nextInt(8); w++) {
                    q.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                bodies.add("{\"query\": \"" + q + "\", \"topN\": 10, \"candidates\": 100}");
            }
            LoadClient onClient = new LoadClient("http://127.0.0.1:8091/v1/search");
            LoadClient offClient = new LoadClient("http://127.0.0.1:8092/v1/search");
            onClient.closedLoop("warm on", CONCURRENCY, warmup, i -> bodies.get(i % bodies.size()));
            offClient.closedLoop("warm off", CONCURRENCY, warmup, i -> bodies.get(i % bodies.size()));
            Map<String, List<LoadClient.Summary>> results = new LinkedHashMap<>();
            results.put(onLabel, new ArrayList<>());
            results.put("events off", new ArrayList<>());
            // CPU seconds per setting: the gateway's own, and the broker's (it shares these 2 cores here; in production
            // it runs elsewhere, so the gateway's CPU per request is the cost that carries over).
            Map<String, double[]> cpu = new LinkedHashMap<>();
            cpu.put(onLabel, new double[3]);
            cpu.put("events off", new double[3]);
            for (int r = 0; r < rounds; r++) {
                boolean onFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isOn = onFirst == (k == 0);
                    LoadClient client = isOn ? onClient : offClient;
                    String label = isOn ? onLabel : "events off";
                    Server server = isOn ? on : off;
                    double gatewayBefore = server.cpuSeconds();
                    double brokerBefore = brokerCpuSeconds();
                    LoadClient.Summary s = client.closedLoop(label, CONCURRENCY, seconds, i -> bodies.get(i % bodies.size()));
                    results.get(label).add(s);
                    double[] c = cpu.get(label);
                    c[0] += server.cpuSeconds() - gatewayBefore;
                    c[1] += brokerCpuSeconds() - brokerBefore;
                    c[2] += s.ok();
                    System.out.println(s.row(1));
                }
            }
            System.out.println();
            System.out.println("| setting | rounds | req/s (mean) | p50 ms | p99 ms | failed | gateway CPU ms/req | broker CPU ms/req |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            Map<String, double[]> means = new LinkedHashMap<>();
            results.forEach((label, list) -> {
                double rps = list.stream().mapToDouble(LoadClient.Summary::rps).average().orElse(0);
                double p50 = list.stream().mapToDouble(LoadClient.Summary::p50).average().orElse(0);
                double p99 = list.stream().mapToDouble(LoadClient.Summary::p99).average().orElse(0);
                long failed = list.stream().mapToLong(s -> s.failed() + s.refused()).sum();
                double[] c = cpu.get(label);
                means.put(label, new double[] {rps, p50, p99, 1000 * c[0] / c[2]});
                System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d | %.3f | %.3f |%n", label, list.size(), rps,
                        p50, p99, failed, 1000 * c[0] / c[2], 1000 * c[1] / c[2]);
            });
            double[] a = means.get(onLabel);
            double[] b = means.get("events off");
            System.out.printf(Locale.ROOT, "%nthroughput on/off = %.4f (cost %.2f%%, target <= 2%%; the broker shares the "
                    + "cores here); gateway CPU per request on/off = %.4f (cost %.2f%%); p50 on/off = %.3f; p99 on/off = %.3f;"
                    + " embedder %s, concurrency %d, %d x %.0f s per setting%n",
                    a[0] / b[0], 100 * (1 - a[0] / b[0]), a[3] / b[3], 100 * (a[3] / b[3] - 1), a[1] / b[1], a[2] / b[2],
                    EMBEDDER, CONCURRENCY, rounds, seconds);
            Thread.sleep(2000);
            String m = on.metrics();
            System.out.printf(Locale.ROOT, "publisher of the 'on' gateway: published %.0f, spooled %.0f, replayed %.0f, "
                            + "dropped %.0f (spool_full) + %.0f (buffer_full)%n", metric(m, "stagegate_events_published_total"),
                    metric(m, "stagegate_events_spooled_total"), metric(m, "stagegate_events_replayed_total"),
                    metric(m, "stagegate_events_dropped_total{reason=\"spool_full\""),
                    metric(m, "stagegate_events_dropped_total{reason=\"buffer_full\""));
        } finally {
            on.close();
            off.close();
        }
    }

    static double brokerCpuSeconds() {
        try {
            long pid = Long.parseLong(Files.readString(ROOT.resolve("target/kafka-broker/broker.pid")).trim());
            return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9).orElse(0.0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    static double metric(String text, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "[^ ]* ([0-9.eE+]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    record Server(Process process, int port, HttpClient http) implements AutoCloseable {
        static Server start(String name, int port, String... extra) throws Exception {
            Path data = Files.createTempDirectory(WORK, "events-" + name);
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx1g", "--add-modules=jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    "-Dstagegate.data-dir=" + data, "-Dstagegate.pairs.default.embedder=" + EMBEDDER,
                    "-Dstagegate.pairs.default.candidates=100"));
            command.addAll(List.of(extra));
            // Extra JVM or server settings per gateway, e.g. BENCH_ON_ARGS="-Dstagegate.events.kafka.linger=20ms"
            String more = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT) + "_ARGS");
            if (more != null && !more.isBlank()) {
                command.addAll(List.of(more.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", JAR.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("server-events-" + name + ".log").toFile()).start();
            Server s = new Server(p, port, HttpClient.newHttpClient());
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (s.get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                    return s;
                }
                Thread.sleep(500);
            }
            s.close();
            throw new IllegalStateException("server " + name + " did not become ready; see " + WORK);
        }

        java.util.Optional<HttpResponse<String>> get(String path) {
            try {
                return java.util.Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException | InterruptedException e) {
                return java.util.Optional.empty();
            }
        }

        String metrics() {
            return get("/q/metrics").map(HttpResponse::body).orElse("");
        }

        double cpuSeconds() {
            return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }
}
