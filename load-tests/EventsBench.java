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
 * What recording events costs a search, per durability: one gateway per setting (same pair and corpus), by default
 * events off, buffered and write-ahead, the last two publishing to the real Kafka broker (scripts/kafka-broker.sh).
 * They are loaded in rotating order (off/buffered/write-ahead, buffered/write-ahead/off, ...) with the same closed-loop
 * workload, so drift on a shared machine hits all alike. Reports throughput, latency and CPU per request per setting,
 * the ratios against events off measured in this one run, the spread of the per-round ratios, and what each publisher
 * counted.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" load-tests/EventsBench.java [--quick]
 *     [--spool-only] [--modes off,buffered,write-ahead,write-ahead-always]
 * </pre>
 * {@code write-ahead-always} is write-ahead with {@code spool.fsync=always} (an fsync per group commit). A mode may
 * name another build after {@code @}: {@code --modes off,buffered,buffered@base -Dbench.jar.base=/tmp/base/quarkus-run.jar}
 * runs buffered on that jar as well (to compare a branch with its base in one run).
 * {@code -Dbench.port=8091} (the first gateway's port, the others follow) and {@code -Dbench.kafka-port=19092} move the
 * ports; {@code BENCH_<MODE>_ARGS} (e.g. BENCH_WRITE_AHEAD_ARGS) adds settings to one gateway. {@code -Dbench.rate=30}
 * sends a fixed 30 requests/s instead of a closed loop: throughput is then the same for all, and CPU per request and
 * latency carry the comparison, which is steadier on a shared machine (a closed loop turns any added latency into
 * lost throughput).
 */
public final class EventsBench {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path WORK = ROOT.resolve("target/bench");
    static final String EMBEDDER = System.getProperty("bench.embedder", "all-minilm-l6-v2");
    static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 16);
    static final int PORT = Integer.getInteger("bench.port", 8091);
    /** Requests per second for an open-loop run (0: closed loop with bench.concurrency clients). */
    static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "0"));
    static final int KAFKA_PORT = Integer.getInteger("bench.kafka-port", 19092);
    static final String[] WORDS = ("plants energy sunlight volcano eruption ocean tides moon black holes stars honeybee "
            + "dance antibiotic resistance bacteria plate tectonics earthquake climate carbon cell protein gene")
            .split(" ");

    public static void main(String[] args) throws Exception {
        List<String> argList = List.of(args);
        boolean quick = argList.contains("--quick");
        boolean spoolOnly = argList.contains("--spool-only");
        int at = argList.indexOf("--modes");
        List<String> modes = at >= 0 ? List.of(argList.get(at + 1).split(",")) : List.of("off", "buffered", "write-ahead");
        if (!modes.contains("off")) {
            throw new IllegalArgumentException("--modes must include off: every ratio is against it");
        }
        int rounds = quick ? 2 : Integer.getInteger("bench.rounds", 4);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", quick ? "10" : "20"));
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", quick ? "5" : "30"));
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -q -B package -DskipTests first");
        }
        Files.createDirectories(WORK);
        if (!spoolOnly) {
            Process broker = new ProcessBuilder("bash", ROOT.resolve("scripts/kafka-broker.sh").toString(), "start",
                    Integer.toString(KAFKA_PORT)).inheritIO().start();
            if (broker.waitFor() != 0) {
                throw new IllegalStateException("the Kafka broker did not start");
            }
        }
        String topic = "bench-" + System.currentTimeMillis();
        Map<String, Server> servers = new LinkedHashMap<>();
        try {
            for (int i = 0; i < modes.size(); i++) {
                String mode = modes.get(i);
                servers.put(mode, Server.start(mode, PORT + i, settings(mode, spoolOnly, topic + "-" + mode.replace("@", "."))));
            }
            List<String> bodies = bodies();
            Map<String, LoadClient> clients = new LinkedHashMap<>();
            servers.forEach((mode, s) -> clients.put(mode, new LoadClient("http://127.0.0.1:" + s.port() + "/v1/search")));
            for (String mode : modes) {
                clients.get(mode).closedLoop("warm " + mode, CONCURRENCY, warmup, i -> bodies.get(i % bodies.size()));
            }
            Map<String, List<LoadClient.Summary>> results = new LinkedHashMap<>();
            // CPU seconds per setting: the gateway's own, and the broker's (it shares these cores here; in production it
            // runs elsewhere, so the gateway's CPU per request is the cost that carries over), and requests served.
            Map<String, double[]> cpu = new LinkedHashMap<>();
            for (String mode : modes) {
                results.put(mode, new ArrayList<>());
                cpu.put(mode, new double[3]);
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < modes.size(); k++) {
                    String mode = modes.get((r + k) % modes.size());
                    Server server = servers.get(mode);
                    double gatewayBefore = server.cpuSeconds();
                    double brokerBefore = brokerCpuSeconds();
                    LoadClient.Summary s = RATE > 0
                            ? clients.get(mode).openLoop(label(mode, spoolOnly), RATE, seconds, i -> bodies.get(i % bodies.size()))
                            : clients.get(mode).closedLoop(label(mode, spoolOnly), CONCURRENCY, seconds,
                                    i -> bodies.get(i % bodies.size()));
                    results.get(mode).add(s);
                    double[] c = cpu.get(mode);
                    c[0] += server.cpuSeconds() - gatewayBefore;
                    c[1] += brokerCpuSeconds() - brokerBefore;
                    c[2] += s.ok();
                    System.out.println(s.row(1));
                }
            }
            report(modes, results, cpu, spoolOnly, rounds, seconds);
            Thread.sleep(2000);
            for (String mode : modes) {
                if (!mode.equals("off")) {
                    String m = servers.get(mode).metrics();
                    System.out.printf(Locale.ROOT, "publisher of %s: published %.0f, spooled %.0f, replayed %.0f, dropped "
                                    + "%.0f (spool_full) + %.0f (buffer_full) + %.0f (spool_error), %.0f pending%n", mode,
                            metric(m, "stagegate_events_published_total"), metric(m, "stagegate_events_spooled_total"),
                            metric(m, "stagegate_events_replayed_total"),
                            metric(m, "stagegate_events_dropped_total{reason=\"spool_full\""),
                            metric(m, "stagegate_events_dropped_total{reason=\"buffer_full\""),
                            metric(m, "stagegate_events_dropped_total{reason=\"spool_error\""),
                            metric(m, "stagegate_events_spool_pending"));
                }
            }
        } finally {
            for (Server s : servers.values()) {
                s.close();
            }
        }
    }

    static List<String> settings(String name, boolean spoolOnly, String topic) {
        String mode = name.split("@")[0];
        if (mode.equals("off")) {
            return List.of("-Dstagegate.events.enabled=false");
        }
        List<String> out = new ArrayList<>();
        if (!spoolOnly) {
            // --spool-only: events on but no Kafka configured (the embedded default), which separates the publisher's
            // own cost from the Kafka client's and the co-located broker's.
            out.addAll(List.of("-Dstagegate.events.kafka.bootstrap-servers=127.0.0.1:" + KAFKA_PORT,
                    "-Dstagegate.events.topics.query=" + topic + ".query",
                    "-Dstagegate.events.topics.feedback=" + topic + ".feedback"));
        }
        switch (mode) {
            case "buffered" -> { } // the default, which also lets a build without the setting run
            case "write-ahead" -> out.add("-Dstagegate.events.durability=write-ahead");
            case "write-ahead-always" -> out.addAll(List.of("-Dstagegate.events.durability=write-ahead",
                    "-Dstagegate.events.spool.fsync=always"));
            default -> throw new IllegalArgumentException("unknown mode " + mode
                    + " (off, buffered, write-ahead, write-ahead-always)");
        }
        return out;
    }

    static String label(String mode, boolean spoolOnly) {
        return mode.startsWith("off") ? mode.replace("off", "events off") : mode + (spoolOnly ? " (spool, no Kafka)" : " (Kafka)");
    }

    static List<String> bodies() {
        Random random = new Random(42);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            StringBuilder q = new StringBuilder();
            for (int w = 0; w < 4 + random.nextInt(8); w++) {
                q.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            bodies.add("{\"query\": \"" + q + "\", \"topN\": 10, \"candidates\": 100}");
        }
        return bodies;
    }

    static void report(List<String> modes, Map<String, List<LoadClient.Summary>> results, Map<String, double[]> cpu,
                       boolean spoolOnly, int rounds, double seconds) {
        System.out.println();
        System.out.println("| setting | rounds | req/s (mean) | p50 ms | p99 ms | failed | gateway CPU ms/req | broker CPU ms/req "
                + "| throughput / off | CPU per req / off | p50 / off | p99 / off | per-round throughput / off (min..max) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        Map<String, double[]> means = new LinkedHashMap<>();
        results.forEach((mode, list) -> {
            double[] c = cpu.get(mode);
            means.put(mode, new double[] {list.stream().mapToDouble(LoadClient.Summary::rps).average().orElse(0),
                    list.stream().mapToDouble(LoadClient.Summary::p50).average().orElse(0),
                    list.stream().mapToDouble(LoadClient.Summary::p99).average().orElse(0), 1000 * c[0] / c[2],
                    1000 * c[1] / c[2]});
        });
        double[] off = means.get("off");
        List<LoadClient.Summary> offRounds = results.get("off");
        for (String mode : modes) {
            double[] a = means.get(mode);
            List<LoadClient.Summary> list = results.get(mode);
            long failed = list.stream().mapToLong(s -> s.failed() + s.refused()).sum();
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int r = 0; r < list.size(); r++) {
                double ratio = list.get(r).rps() / offRounds.get(r).rps();
                min = Math.min(min, ratio);
                max = Math.max(max, ratio);
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | "
                            + "%.3f..%.3f |%n", label(mode, spoolOnly), list.size(), a[0], a[1], a[2], failed, a[3], a[4],
                    a[0] / off[0], a[3] / off[3], a[1] / off[1], a[2] / off[2], min, max);
        }
        System.out.printf(Locale.ROOT, "%nembedder %s, %s, %d rounds x %.0f s per setting in rotating order; "
                + "the broker shares the cores here%n", EMBEDDER, RATE > 0 ? "open loop at " + RATE + " requests/s"
                : "closed loop, concurrency " + CONCURRENCY, rounds, seconds);
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
        static Server start(String name, int port, List<String> extra) throws Exception {
            Path data = Files.createTempDirectory(WORK, "events-" + name);
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx1g", "--add-modules=jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=127.0.0.1",
                    "-Dstagegate.data-dir=" + data, "-Dstagegate.pairs.default.embedder=" + EMBEDDER,
                    "-Dstagegate.pairs.default.candidates=100"));
            command.addAll(extra);
            // Extra JVM or server settings per gateway, e.g. BENCH_WRITE_AHEAD_ARGS="-Dstagegate.events.gather=20ms"
            String more = System.getenv("BENCH_" + name.toUpperCase(Locale.ROOT).replaceAll("[-@]", "_") + "_ARGS");
            if (more != null && !more.isBlank()) {
                command.addAll(List.of(more.trim().split("\\s+")));
            }
            String build = name.contains("@") ? name.substring(name.indexOf('@') + 1) : "";
            command.addAll(List.of("-jar", build.isEmpty() ? JAR.toString() : System.getProperty("bench.jar." + build)));
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
