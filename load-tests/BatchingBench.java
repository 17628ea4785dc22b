import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 3's benchmark: the raw ONNX Runtime limit, the gateway through HTTP at several concurrencies, the same API with
 * cross-request batching off, padding, and 4x overload. Every ratio comes from one run of this program.
 *
 *   ./mvnw -q -B package -DskipTests && java load-tests/BatchingBench.java [--quick]
 *
 * Models: the synthetic cross-encoder (MiniLM-L6 fp32 + head) for rerank; for query embedding the default pair's
 * bge-small-en-v1.5 fp32, or another checkpoint with {@code -Dbench.embedder=ID} (issue 3 measured all-minilm-l6-v2).
 * The load generator shares this machine's cores with the server; its cost shows in the gateway/limit ratios.
 */
public final class BatchingBench {
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final Path ROOT = Path.of(".").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("target/quarkus-app/quarkus-run.jar");
    static final Path WORK = ROOT.resolve("target/bench");
    static final String RERANKER = "synthetic-ce-minilm-l6";
    static final String EMBEDDER = System.getProperty("bench.embedder", "bge-small-en-v1.5");
    static final int PORT = 18089;
    static final int DOCS_PER_REQUEST = 16;
    static final String[] WORDS = ("protein cell gene expression tumour patient clinical trial dose response immune "
            + "receptor binding pathway signal mouse model brain neuron cortex memory sleep heart blood pressure risk "
            + "cohort study mortality infection virus vaccine antibody therapy drug resistance mutation sequence genome "
            + "population sample analysis effect increase decrease level associated significant reduced higher lower").split(" ");

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        double run = quick ? 8 : 20;
        double overloadSeconds = quick ? 20 : 60;
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -q -B package -DskipTests first");
        }
        Files.createDirectories(WORK);
        Random random = new Random(42);
        List<String> rerankBodies = new ArrayList<>();
        StringBuilder rerankWorkload = new StringBuilder();
        for (int r = 0; r < 64; r++) {
            String query = words(random, 8 + random.nextInt(8));
            List<String> docs = new ArrayList<>();
            for (int d = 0; d < DOCS_PER_REQUEST; d++) {
                // 30..190 words: pairs of about 40..256 tokens, the mixed lengths of retrieved abstracts.
                docs.add(words(random, 30 + random.nextInt(160)));
            }
            String json = "{\"query\": " + quote(query) + ", \"documents\": [" + String.join(", ", docs.stream()
                    .map(BatchingBench::quote).toList()) + "]}";
            rerankWorkload.append(json).append('\n');
            rerankBodies.add("{\"model\": \"" + RERANKER + "\", " + json.substring(1));
        }
        List<String> embedBodies = new ArrayList<>();
        StringBuilder embedWorkload = new StringBuilder();
        for (int q = 0; q < 512; q++) {
            String query = words(random, 12);
            embedWorkload.append("{\"input\": ").append(quote(query)).append("}\n");
            embedBodies.add("{\"model\": \"" + EMBEDDER + "\", \"input\": " + quote(query) + "}");
        }
        Path rerankFile = Files.writeString(WORK.resolve("rerank-workload.jsonl"), rerankWorkload);
        Path embedFile = Files.writeString(WORK.resolve("embed-workload.jsonl"), embedWorkload);

        // The limit is measured before and after the gateway runs; ratios use the mean, and the spread shows how much
        // the machine itself drifted during the run (shared CPUs do).
        String rerankLimit = limit(RERANKER, rerankFile, run);
        String embedLimit = limit(EMBEDDER, embedFile, run);

        List<String> rows = new ArrayList<>();
        LoadClient rerank = new LoadClient("http://127.0.0.1:" + PORT + "/v1/rerank");
        LoadClient embed = new LoadClient("http://127.0.0.1:" + PORT + "/v1/embeddings");
        LoadClient.Summary rerank16;
        LoadClient.Summary rerank1;
        LoadClient.Summary embed64;
        String liveRatio;
        LoadClient.Summary overload;
        long maxHeap;
        try (Server server = Server.start(true)) {
            warm(rerank, embed, rerankBodies, embedBodies);
            rerank1 = rerank.closedLoop("rerank, batched", 1, run, i -> rerankBodies.get(i % rerankBodies.size()));
            rows.add(rerank1.row(DOCS_PER_REQUEST));
            rows.add(rerank.closedLoop("rerank, batched", 4, run, i -> rerankBodies.get(i % rerankBodies.size()))
                    .row(DOCS_PER_REQUEST));
            rerank16 = rerank.closedLoop("rerank, batched", 16, run, i -> rerankBodies.get(i % rerankBodies.size()));
            rows.add(rerank16.row(DOCS_PER_REQUEST));
            liveRatio = server.paddingRatio(RERANKER);
            for (int c : new int[] {1, 4, 16}) {
                rows.add(embed.closedLoop("embed, batched", c, run, i -> embedBodies.get(i % embedBodies.size())).row(1));
            }
            embed64 = embed.closedLoop("embed, batched", 64, run, i -> embedBodies.get(i % embedBodies.size()));
            rows.add(embed64.row(1));
            double rate = 4 * rerank16.rps();
            HeapWatch heap = HeapWatch.start(server);
            overload = rerank.openLoop("rerank, 4x overload", rate, overloadSeconds,
                    i -> rerankBodies.get(i % rerankBodies.size()));
            maxHeap = heap.stop();
            rows.add(overload.row(DOCS_PER_REQUEST));
            if (!server.alive()) {
                throw new IllegalStateException("server died under overload");
            }
        }
        LoadClient.Summary naiveRerank;
        LoadClient.Summary naiveEmbed;
        try (Server server = Server.start(false)) {
            warm(rerank, embed, rerankBodies, embedBodies);
            naiveRerank = rerank.closedLoop("rerank, naive (no x-request)", 16, run,
                    i -> rerankBodies.get(i % rerankBodies.size()));
            rows.add(naiveRerank.row(DOCS_PER_REQUEST));
            naiveEmbed = embed.closedLoop("embed, naive (no x-request)", 64, run, i -> embedBodies.get(i % embedBodies.size()));
            rows.add(naiveEmbed.row(1));
        }

        String rerankLimitAfter = limit(RERANKER, rerankFile, run);
        String embedLimitAfter = limit(EMBEDDER, embedFile, run);
        double rerankLimitRate = (number(rerankLimit, "itemsPerSecond") + number(rerankLimitAfter, "itemsPerSecond")) / 2;
        double embedLimitRate = (number(embedLimit, "itemsPerSecond") + number(embedLimitAfter, "itemsPerSecond")) / 2;
        System.out.println();
        System.out.println("## Limit (raw ONNX Runtime, ideal length-sorted batches, no server), before and after");
        System.out.println("rerank: " + rerankLimit);
        System.out.println("rerank: " + rerankLimitAfter);
        System.out.println("embed:  " + embedLimit);
        System.out.println("embed:  " + embedLimitAfter);
        System.out.println();
        System.out.println("| run | conc. | req/s | items/s | p50 ms | p95 ms | p99 ms | 429s | queue ms | infer ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.printf(Locale.ROOT, "rerank pairs/s at c=16: %.1f; limit (mean of before/after) %.1f; gateway/limit = %.3f (target >= 0.90)%n",
                rerank16.rps() * DOCS_PER_REQUEST, rerankLimitRate, rerank16.rps() * DOCS_PER_REQUEST / rerankLimitRate);
        System.out.printf(Locale.ROOT, "query embeddings/s at c=64: %.1f; limit (mean of before/after) %.1f; gateway/limit = %.3f (target >= 0.90)%n",
                embed64.rps(), embedLimitRate, embed64.rps() / embedLimitRate);
        System.out.printf(Locale.ROOT, "batched/naive: rerank c=16 %.2fx, embed c=64 %.2fx%n",
                rerank16.rps() / naiveRerank.rps(), embed64.rps() / naiveEmbed.rps());
        System.out.printf(Locale.ROOT, "padding (padded/real tokens): length-sorted %.3f, arrival order %.3f (offline, same "
                + "workload); live batcher at c=16: %s (target <= 1.15)%n", number(rerankLimit, "paddedPerRealSorted"),
                number(rerankLimit, "paddedPerRealArrival"), liveRatio);
        System.out.printf(Locale.ROOT, "overload at %.1f req/s (4x c=16 throughput) for %.0f s: accepted %d, refused %d, "
                        + "failed %d; 429 p99 %.1f ms (target < 50); accepted p99 %.0f ms vs unloaded (c=1) p99 %.0f ms = %.2fx "
                        + "(target <= 2); max heap used %d MiB%n", 4 * rerank16.rps(), overloadSeconds, overload.ok(),
                overload.refused(), overload.failed(), overload.refusedP99(), overload.p99(), rerank1.p99(),
                overload.p99() / rerank1.p99(), maxHeap / (1024 * 1024));
    }

    static void warm(LoadClient rerank, LoadClient embed, List<String> rerankBodies, List<String> embedBodies)
            throws Exception {
        rerank.closedLoop("warm", 4, 5, i -> rerankBodies.get(i % rerankBodies.size()));
        embed.closedLoop("warm", 8, 5, i -> embedBodies.get(i % embedBodies.size()));
    }

    static String limit(String checkpoint, Path workload, double seconds) throws Exception {
        Process p = new ProcessBuilder(JAVA, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-jar", JAR.toString(), "bench-limit", "--checkpoint", checkpoint, "--workload", workload.toString(),
                "--seconds", Double.toString(seconds)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(7)).findFirst()
                .orElseThrow(() -> new IllegalStateException("bench-limit failed:\n" + out));
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.eE+-]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(key + " missing in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    static String words(Random random, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A gateway process on loopback with its own empty data directory. */
    static final class Server implements AutoCloseable {
        final Process process;
        final HttpClient http = HttpClient.newHttpClient();

        private Server(Process process) {
            this.process = process;
        }

        static Server start(boolean batching) throws Exception {
            Path data = Files.createTempDirectory(WORK, "data");
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx1g", "--add-modules=jdk.incubator.vector",
                    "--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + PORT, "-Dquarkus.http.host=127.0.0.1",
                    "-Dstagegate.data-dir=" + data, "-Dstagegate.demo.enabled=false",
                    "-Dstagegate.pairs.default.embedder=" + EMBEDDER, "-Dstagegate.batching.enabled=" + batching));
            // Extra server settings to compare, e.g. BENCH_SERVER_ARGS="-Dstagegate.batching.max-queue-delay=100ms"
            String extra = System.getenv("BENCH_SERVER_ARGS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", JAR.toString()));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(WORK.resolve(batching ? "server-batched.log" : "server-naive.log")
                            .toFile()).start();
            Server s = new Server(p);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (s.get("/q/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                    return s;
                }
                Thread.sleep(500);
            }
            s.close();
            throw new IllegalStateException("server did not become ready; see " + WORK);
        }

        java.util.Optional<HttpResponse<String>> get(String path) {
            try {
                return java.util.Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException | InterruptedException e) {
                return java.util.Optional.empty();
            }
        }

        boolean alive() {
            return process.isAlive() && get("/q/health/live").map(r -> r.statusCode() == 200).orElse(false);
        }

        String metrics() {
            return get("/q/metrics").map(HttpResponse::body).orElse("");
        }

        long heapUsed() {
            long total = 0;
            Matcher m = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"[^}]*\\} ([0-9.eE+]+)")
                    .matcher(metrics());
            while (m.find()) {
                total += (long) Double.parseDouble(m.group(1));
            }
            return total;
        }

        String paddingRatio(String checkpoint) {
            String m = metrics();
            double padded = metric(m, "stagegate_batch_tokens_padded_total", checkpoint);
            double real = metric(m, "stagegate_batch_tokens_real_total", checkpoint);
            return real == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", padded / real);
        }

        static double metric(String text, String name, String checkpoint) {
            Matcher m = Pattern.compile(name + "\\{checkpoint=\"" + Pattern.quote(checkpoint) + "\"[^}]*\\} ([0-9.eE+]+)")
                    .matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Samples the server's heap every 2 s while overload runs. */
    static final class HeapWatch {
        final Thread thread;
        volatile boolean running = true;
        volatile long max;

        private HeapWatch(Server server) {
            thread = Thread.ofVirtual().start(() -> {
                while (running) {
                    max = Math.max(max, server.heapUsed());
                    LoadClient.sleep(2000);
                }
            });
        }

        static HeapWatch start(Server server) {
            return new HeapWatch(server);
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return max;
        }
    }
}
