import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway against what a Java team writes instead (issue 11): the in-process langchain4j baseline of
 * ../shared/bench/peer-langchain4j and the gateway over HTTP, back to back in one run, for bge-small-en-v1.5 fp32 and
 * int8 on SciFact: ingest docs/s (first 300 documents), single-query p50, and queries/s and p95 with 16 closed-loop
 * clients (top 10 of K = 100; the gateway's default response, texts included). Prints one table of ratios.
 *
 * <p>The gateway serves a prepared data directory whose store holds SciFact's 5,183 documents with vectors of both
 * checkpoints (a first start backfills what is missing, which takes minutes; the baseline pads its store to the same
 * size). Extra gateway settings go after the data directory, e.g. {@code -Dstagegate.batching.workers=2}.
 * {@code -Dbench.peer=false}, {@code -Dbench.ingest=false} and {@code -Dbench.storm=false} skip those phases (to try
 * gateway settings quickly); {@code -Dbench.seconds} sets the length of each load phase (30).
 *
 * <pre>
 * cp -r ../shared/bench/peer-langchain4j /tmp/peer && (cd /tmp/peer && mvn -q -B package)
 * ./mvnw -q -B package -DskipTests
 * java load-tests/PeerSideBySide.java DATA_DIR [-Dstagegate...=...]   # env PEER=/tmp/peer, MODELS="fp32 int8"
 * </pre>
 */
public final class PeerSideBySide {
    static final int CLIENTS = 16;
    static final Path DATASET = BenchServer.ROOT.resolve("../shared/datasets/scifact").normalize();

    record Figures(double ingestDocsPerS, double singleP50, double qps, double p95) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        List<String> extra = List.of(args).subList(1, args.length);
        Path peer = Path.of(System.getenv().getOrDefault("PEER", "/tmp/peer"));
        List<String> models = List.of(System.getenv().getOrDefault("MODELS", "fp32 int8").split(" "));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "30"));
        List<String> queries = queries();
        Map<String, Figures[]> rows = new LinkedHashMap<>();
        for (String model : models) {
            // -Dbench.peer=false skips the baseline (to try gateway settings quickly; no ratios then).
            Figures base = Boolean.parseBoolean(System.getProperty("bench.peer", "true")) ? peer(peer, model)
                    : new Figures(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            Figures gw = gateway(data, model, extra, queries, seconds);
            rows.put(model, new Figures[] {gw, base});
            System.out.printf(Locale.ROOT, "%s: gateway %s%n%s: baseline %s%n", model, gw, model, base);
        }
        System.out.println();
        System.out.println("| figure | Stagegate | in-process baseline | ratio |");
        System.out.println("|---|---|---|---|");
        for (var e : rows.entrySet()) {
            Figures g = e.getValue()[0];
            Figures b = e.getValue()[1];
            String m = e.getKey();
            row(m + ", queries/s at 16 clients", g.qps(), b.qps(), "%.1f");
            row(m + ", p95 at 16 clients (ms)", g.p95(), b.p95(), "%.1f");
            row(m + ", single query p50 (ms)", g.singleP50(), b.singleP50(), "%.2f");
            row(m + ", ingest docs/s (300 docs)", g.ingestDocsPerS(), b.ingestDocsPerS(), "%.1f");
        }
        System.out.println("gateway settings: " + (extra.isEmpty() ? "defaults" : String.join(" ", extra)));
    }

    static void row(String label, double gateway, double baseline, String format) {
        System.out.printf(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |%n", label, gateway, baseline,
                gateway / baseline);
    }

    static Figures peer(Path peer, String model) throws Exception {
        Process p = new ProcessBuilder("./run.sh", model, "--data", DATASET.toString(), "--timed-docs", "300",
                "--no-eval", "--pad-store").directory(peer.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("baseline failed:\n" + out);
        }
        return new Figures(number(out, "ingest timed: .*? = ([0-9.]+) docs/s"),
                number(out, "single-thread per query .*?total p50 ([0-9.]+) ms"),
                number(out, "threads: .*? = ([0-9.]+) q/s"), number(out, "latency under load p50 [0-9.]+ ms p95 ([0-9.]+) ms"));
    }

    static Figures gateway(Path data, String model, List<String> extra, List<String> queries, double seconds)
            throws Exception {
        String embedder = model.equals("int8") ? "bge-small-en-v1.5-q" : "bge-small-en-v1.5";
        List<String> settings = new ArrayList<>(List.of("-Dstagegate.pairs.default.embedder=" + embedder,
                "-Dstagegate.pairs.default.candidates=100", "-Dstagegate.demo.enabled=false",
                "-Dstagegate.events.enabled=false"));
        settings.addAll(extra);
        double ingest = Boolean.parseBoolean(System.getProperty("bench.ingest", "true")) ? ingest(model, settings)
                : Double.NaN;
        List<String> serving = new ArrayList<>(settings);
        serving.add("-Dstagegate.data-dir=" + data);
        try (BenchServer s = BenchServer.start("peer-" + model, 8095, serving)) {
            LoadClient client = new LoadClient(s.url("/v1/search"));
            client.closedLoop("warm-up", CLIENTS, 20, i -> queries.get(i % queries.size()));
            LoadClient.Summary single = client.closedLoop("single", 1, 15, i -> queries.get((i * 7) % queries.size()));
            LoadClient.Summary load = client.closedLoop("load", CLIENTS, seconds, i -> queries.get(i % queries.size()));
            if (load.failed() > 0 || single.failed() > 0) {
                throw new IllegalStateException("failed searches: " + load + " " + single);
            }
            System.out.printf(Locale.ROOT, "%s gateway: single p50 %.2f ms; 16 clients %.1f q/s p50 %.1f p95 %.1f ms,"
                    + " %d refused, mean queue %.1f ms, inference %.1f ms%n", model, single.p50(), load.rps(), load.p50(),
                    load.p95(), load.refused(), load.meanQueueMs(), load.meanInferenceMs());
            if (!Boolean.parseBoolean(System.getProperty("bench.storm", "true"))) {
                return new Figures(ingest, single.p50(), load.rps(), load.p95());
            }
            // The same load from clients that ignore Retry-After: refusing must cost so little that the storm does not
            // starve the work it protects (target: at most 10% fewer served searches).
            LoadClient.Summary storm = client.closedLoop("storm", CLIENTS, seconds, i -> queries.get(i % queries.size()),
                    false);
            LoadClient.Summary polite = client.closedLoop("polite", CLIENTS, seconds, i -> queries.get(i % queries.size()));
            System.out.printf(Locale.ROOT, "%s storm: served %.1f/s (%d refused) vs polite %.1f/s (%d refused) and %.1f/s"
                    + " before: ratio %.2f%n", model, storm.rps(), storm.refused(), polite.rps(), polite.refused(),
                    load.rps(), storm.rps() / ((polite.rps() + load.rps()) / 2));
            return new Figures(ingest, single.p50(), load.rps(), load.p95());
        }
    }

    /** Docs/s for the first 300 SciFact documents into an empty gateway. */
    static double ingest(String model, List<String> settings) throws Exception {
        try (BenchServer s = BenchServer.start("peer-ingest-" + model, 8095, settings)) {
            List<String> docs = documents(300);
            long t0 = System.nanoTime();
            // Clients send what they have in requests of 50, two at a time, as an indexing job would.
            List<Thread> senders = new ArrayList<>();
            for (int part = 0; part < 2; part++) {
                int from = part;
                senders.add(Thread.ofPlatform().start(() -> {
                    for (int i = from * 50; i < docs.size(); i += 100) {
                        s.call("POST", "/v1/documents", "[" + String.join(",", docs.subList(i, Math.min(i + 50, docs.size()))) + "]");
                    }
                }));
            }
            for (Thread t : senders) {
                t.join();
            }
            return docs.size() / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** SciFact train queries, as the baseline's load phase uses. */
    static List<String> queries() throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DATASET.resolve("queries.jsonl"))) {
            text.put(field(line, "_id"), field(line, "text"));
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(DATASET.resolve("qrels/train.tsv"))) {
            String id = line.split("\t")[0];
            String q = text.remove(id);
            if (q != null) {
                out.add("{\"query\": \"" + q + "\", \"topN\": 10}");
            }
        }
        return out;
    }

    static List<String> documents(int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(DATASET.resolve("corpus.jsonl"))) {
            if (out.size() == n) {
                break;
            }
            out.add("{\"id\": \"" + field(line, "_id") + "\", \"title\": \"" + field(line, "title") + "\", \"text\": \""
                    + field(line, "text") + "\"}");
        }
        return out;
    }

    /**
     * A string field of one BEIR JSON line, still JSON-escaped (it goes back into JSON as is). Scanned by hand: a
     * regular expression over a long abstract recursed once per character and overflowed the stack.
     */
    static String field(String line, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"").matcher(line);
        if (!m.find()) {
            return "";
        }
        int from = m.end();
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return line.substring(from, i);
            }
        }
        return "";
    }
}
