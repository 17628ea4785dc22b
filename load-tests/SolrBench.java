import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same corpus served through the gateway from the embedded Lucene index and from a SolrCloud collection: queries/s
 * and latency percentiles with 1 and 8 closed-loop clients, in alternating rounds, then ingest docs/s through each
 * (SciFact documents with ids prefixed bench-ingest-, added to both stores), as ratios from this one run. Both
 * gateways serve the default pair (bge-small-en-v1.5, K = 100, top 10) and are started from the packaged jar; only one
 * is loaded at a time. The SolrCloud collection must hold the same documents and vectors (stagegate copy-index).
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * scripts/solr-cluster.sh start 2
 * bin/stagegate eval --dataset ../shared/datasets/scifact --split train --data-dir /tmp/sg-eval   # embeds once
 * STAGEGATE_JAVA_OPTS="-Dstagegate.index.backend=solrcloud -Dstagegate.index.solr.urls=http://127.0.0.1:19901/solr \
 *   -Dstagegate.index.solr.collection=scifact" bin/stagegate copy-index --from /tmp/sg-eval/eval/scifact-403daa0c
 * java load-tests/SolrBench.java --data /tmp/sg-eval/eval/scifact-403daa0c --solr-urls http://127.0.0.1:19901/solr \
 *   --collection scifact [--over-fetch 1] [--quick] [--skip-search]
 * </pre>
 */
public final class SolrBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        boolean quick = o.containsKey("--quick");
        Path data = Path.of(require(o, "--data"));
        if (!Files.isDirectory(data.resolve("corpus"))) {
            throw new IllegalArgumentException(data + " has no corpus/ index (a gateway data directory or eval store)");
        }
        // --skip-search: only the ingest measurement (after a run whose search figures are already in hand).
        int rounds = o.containsKey("--skip-search") ? 0 : quick ? 1 : 2;
        double seconds = quick ? 10 : 20;
        List<String> bodies = CompareBench.bodies();
        List<String> solr = List.of("-Dstagegate.index.backend=solrcloud",
                "-Dstagegate.index.solr.urls=" + require(o, "--solr-urls"),
                "-Dstagegate.index.solr.collection=" + o.getOrDefault("--collection", "scifact"),
                "-Dstagegate.index.solr.over-fetch=" + o.getOrDefault("--over-fetch", "1"));
        int port = Integer.parseInt(o.getOrDefault("--port", "18485"));
        try (BenchServer lucene = BenchServer.start("lucene", port, List.of("-Dstagegate.data-dir=" + data));
             BenchServer cloud = BenchServer.start("solrcloud", port + 1, solr)) {
            Map<String, BenchServer> servers = new LinkedHashMap<>();
            servers.put("lucene", lucene);
            servers.put("solrcloud", cloud);
            Map<String, List<LoadClient.Summary>> results = new LinkedHashMap<>();
            for (String name : rounds == 0 ? List.<String>of() : servers.keySet()) {
                new LoadClient(servers.get(name).url("/v1/search")).closedLoop("warm-up " + name, 8, quick ? 5 : 15,
                        i -> bodies.get(i % bodies.size()));
            }
            for (int r = 0; r < rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of("lucene", "solrcloud") : List.of("solrcloud", "lucene");
                for (String name : order) {
                    LoadClient client = new LoadClient(servers.get(name).url("/v1/search"));
                    for (int clients : new int[] {1, 8}) {
                        results.computeIfAbsent(name + " c=" + clients, k -> new ArrayList<>())
                                .add(client.closedLoop(name + " c=" + clients, clients, seconds,
                                        i -> bodies.get((i * 7) % bodies.size())));
                    }
                }
            }
            System.out.println();
            System.out.println("| backend, clients | q/s | p50 ms | p95 ms | p99 ms | failed |");
            System.out.println("|---|---|---|---|---|---|");
            Map<String, double[]> mean = new LinkedHashMap<>();
            results.forEach((label, runs) -> {
                double rps = runs.stream().mapToDouble(LoadClient.Summary::rps).average().orElse(0);
                double p50 = runs.stream().mapToDouble(LoadClient.Summary::p50).average().orElse(0);
                double p95 = runs.stream().mapToDouble(LoadClient.Summary::p95).average().orElse(0);
                double p99 = runs.stream().mapToDouble(LoadClient.Summary::p99).average().orElse(0);
                long failed = runs.stream().mapToLong(LoadClient.Summary::failed).sum();
                mean.put(label, new double[] {rps, p95});
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d |%n", label, rps, p50, p95, p99, failed);
            });
            for (int clients : rounds == 0 ? new int[0] : new int[] {1, 8}) {
                double[] l = mean.get("lucene c=" + clients);
                double[] s = mean.get("solrcloud c=" + clients);
                System.out.printf(Locale.ROOT, "c=%d: solrcloud/lucene q/s %.2f, p95 %.2f%n", clients, s[0] / l[0], s[1] / l[1]);
            }
            // Ingest through each gateway, one at a time: the same SciFact documents (ids prefixed, so a rerun
            // replaces them), embedded with the pair's embedder and written to that backend.
            int docs = quick ? 40 : 120;
            Map<String, Double> ingest = new LinkedHashMap<>();
            for (String name : servers.keySet()) {
                ingest.put(name, ingestRate(servers.get(name), docs));
            }
            System.out.printf(Locale.ROOT, "ingest of %d SciFact documents in requests of 20: lucene %.2f docs/s, solrcloud "
                    + "%.2f docs/s, solrcloud/lucene %.2f%n", docs, ingest.get("lucene"), ingest.get("solrcloud"),
                    ingest.get("solrcloud") / ingest.get("lucene"));
        }
    }

    private static double ingestRate(BenchServer server, int n) throws Exception {
        List<String> docs = PeerSideBySide.documents(n).stream()
                .map(d -> d.replaceFirst("\\{\"id\": \"", "{\"id\": \"bench-ingest-")).toList();
        long t0 = System.nanoTime();
        for (int i = 0; i < docs.size(); i += 20) {
            server.call("POST", "/v1/documents", "[" + String.join(",", docs.subList(i, Math.min(i + 20, docs.size()))) + "]");
        }
        return docs.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static String require(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is required; see the class comment");
        }
        return v;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick") || args[i].equals("--skip-search")) {
                o.put(args[i], "true");
            } else if (i + 1 < args.length) {
                o.put(args[i], args[++i]);
            }
        }
        return o;
    }
}
