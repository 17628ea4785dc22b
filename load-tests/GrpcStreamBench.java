import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.stagegate.api.grpc.v1.SearchEvent;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unary vs server-streaming search over gRPC (the HTTP port, HTTP/2 cleartext): throughput, latency percentiles and
 * time to first event, for the default pair and a rerank pair. Uses the application's own jars for the stubs:
 *
 *   ./mvnw -q -B package -DskipTests && java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" \
 *       load-tests/GrpcStreamBench.java [--quick]
 */
public final class GrpcStreamBench {
    static final int PORT = 18091;

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        double seconds = quick ? 8 : 20;
        Path data = Files.createTempDirectory("stagegate-grpc-bench");
        Process server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g",
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.port=" + PORT, "-Dquarkus.http.host=127.0.0.1", "-Dstagegate.data-dir=" + data,
                "-Dstagegate.pairs.rerank.embedder=bge-small-en-v1.5",
                "-Dstagegate.pairs.rerank.reranker=synthetic-ce-minilm-l6", "-Dstagegate.pairs.rerank.candidates=20",
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
        try {
            StagegateGrpc.StagegateBlockingStub stub = StagegateGrpc.newBlockingStub(channel);
            waitReady(stub);
            List<String> rows = new ArrayList<>();
            for (String pair : new String[] {"default", "rerank"}) {
                run(stub, pair, false, 2, 3);
                for (int c : new int[] {1, 4}) {
                    rows.add(run(stub, pair, false, c, seconds));
                    rows.add(run(stub, pair, true, c, seconds));
                }
            }
            System.out.println("| pair | mode | conc. | req/s | p50 ms | p95 ms | p99 ms | first event p50 | first event p95 | refused |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.destroy();
            server.waitFor();
        }
    }

    static String run(StagegateGrpc.StagegateBlockingStub stub, String pair, boolean stream, int concurrency,
                      double seconds) throws Exception {
        String[] queries = {"how do plants make energy from sunlight", "why do corals bleach", "benefits of exercise",
            "history of printing books", "how do bees find flowers", "how do lithium batteries work"};
        List<Double> total = Collections.synchronizedList(new ArrayList<>());
        List<Double> first = Collections.synchronizedList(new ArrayList<>());
        AtomicLong n = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) {
                    SearchRequest request = SearchRequest.newBuilder().setQuery(queries[(int) (n.getAndIncrement()
                            % queries.length)]).setPair(pair).setTopN(5).setIncludeText(false).build();
                    long t0 = System.nanoTime();
                    var s = stub.withDeadlineAfter(30, TimeUnit.SECONDS);
                    try {
                    if (stream) {
                        boolean sawFirst = false;
                        for (Iterator<SearchEvent> it = s.searchStream(request); it.hasNext(); it.next()) {
                            if (!sawFirst) {
                                first.add((System.nanoTime() - t0) / 1e6);
                                sawFirst = true;
                            }
                        }
                    } else {
                        s.search(request);
                        first.add((System.nanoTime() - t0) / 1e6);
                    }
                    total.add((System.nanoTime() - t0) / 1e6);
                    } catch (io.grpc.StatusRuntimeException e) {
                        refused.incrementAndGet();
                        try {
                            Thread.sleep(200); // RESOURCE_EXHAUSTED: back off as a well-behaved client does
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Double> t = new ArrayList<>(total);
        Collections.sort(t);
        List<Double> f = new ArrayList<>(first);
        Collections.sort(f);
        return String.format(Locale.ROOT, "| %s | grpc %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %d |", pair,
                stream ? "stream" : "unary", concurrency, t.size() / elapsed, pct(t, 50), pct(t, 95), pct(t, 99),
                pct(f, 50), pct(f, 95), refused.get());
    }

    static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static void waitReady(StagegateGrpc.StagegateBlockingStub stub) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).search(SearchRequest.newBuilder().setQuery("warm up").build());
                return;
            } catch (RuntimeException e) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("server did not answer");
    }
}
