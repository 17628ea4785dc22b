import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * What comparing pairs costs the primary: one gateway (default pair bge-small-en-v1.5 fp32, a second pair
 * all-minilm-l6-v2), loaded with SciFact's queries (or generated ones without ../shared), in alternating rounds of:
 * <ul>
 *   <li>no experiment, against a shadow-only experiment that runs every query again on the second pair, at about 30%
 *   of capacity (open loop: primary p50 and p99, targets +5% and +10% at most) and at saturation (closed loop with 16
 *   clients: primary throughput, target -5% at most, since shadow work is shed first);</li>
 *   <li>no experiment, against team-draft interleaving of the two pairs (both rankings per query), same loads.</li>
 * </ul>
 * Ratios are from this one run; shadow outcomes (ok, shed, ...) are read from the gateway's metrics.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java load-tests/CompareBench.java [--quick]
 * </pre>
 */
public final class CompareBench {
    static final int CLIENTS = 16;

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int rounds = quick ? 1 : 3;
        double openSeconds = quick ? 10 : 30;
        double closedSeconds = quick ? 10 : 20;
        List<String> bodies = bodies();
        try (BenchServer s = BenchServer.start("compare", 8093, List.of("-Dstagegate.pairs.minilm.embedder=all-minilm-l6-v2",
                "-Dstagegate.pairs.minilm.candidates=100"))) {
            LoadClient client = new LoadClient(s.url("/v1/search"));
            client.closedLoop("warm-up", CLIENTS, quick ? 10 : 30, i -> bodies.get(i % bodies.size()));
            LoadClient.Summary capacity = client.closedLoop("capacity", CLIENTS, closedSeconds,
                    i -> bodies.get(i % bodies.size()));
            double rate = 0.3 * capacity.rps();
            System.out.printf(Locale.ROOT, "capacity %.1f req/s with %d clients; open loop at %.1f req/s (30%%)%n",
                    capacity.rps(), CLIENTS, rate);
            String shadow = "{\"id\": \"bench-shadow\", \"mode\": \"ab\", \"arms\": [{\"pair\": \"default\"}], "
                    + "\"shadows\": [{\"pair\": \"minilm\", \"sampleRate\": 1.0}], \"state\": \"%s\"}";
            String interleave = "{\"id\": \"bench-interleave\", \"mode\": \"interleave\", \"arms\": [{\"pair\": \"default\"}, "
                    + "{\"pair\": \"minilm\"}], \"state\": \"%s\"}";
            s.call("POST", "/v1/admin/experiments", shadow.formatted("stopped"));
            s.call("POST", "/v1/admin/experiments", interleave.formatted("stopped"));
            Map<String, List<LoadClient.Summary>> open = new LinkedHashMap<>();
            Map<String, List<LoadClient.Summary>> closed = new LinkedHashMap<>();
            for (String setting : List.of("none", "shadow 100%", "interleave")) {
                open.put(setting, new ArrayList<>());
                closed.put(setting, new ArrayList<>());
            }
            double shedBefore = shadowRuns(s, "shed");
            double okBefore = shadowRuns(s, "ok");
            for (int r = 0; r < rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of("none", "shadow 100%", "none", "interleave")
                        : List.of("interleave", "none", "shadow 100%", "none");
                for (String setting : order) {
                    s.call("PUT", "/v1/admin/experiments/bench-shadow", shadow.formatted(
                            setting.startsWith("shadow") ? "running" : "stopped"));
                    s.call("PUT", "/v1/admin/experiments/bench-interleave", interleave.formatted(
                            setting.equals("interleave") ? "running" : "stopped"));
                    LoadClient.Summary o = client.openLoop(setting, rate, openSeconds, i -> bodies.get(i % bodies.size()));
                    LoadClient.Summary c = client.closedLoop(setting, CLIENTS, closedSeconds, i -> bodies.get(i % bodies.size()));
                    open.get(setting).add(o);
                    closed.get(setting).add(c);
                    System.out.printf(Locale.ROOT, "round %d %-12s open: p50 %.1f p99 %.1f ms (%d ok, %d refused) | closed: "
                                    + "%.1f req/s p50 %.1f ms%n", r + 1, setting, o.p50(), o.p99(), o.ok(), o.refused(),
                            c.rps(), c.p50());
                }
            }
            s.call("PUT", "/v1/admin/experiments/bench-shadow", shadow.formatted("stopped"));
            s.call("PUT", "/v1/admin/experiments/bench-interleave", interleave.formatted("stopped"));
            System.out.println();
            System.out.println("| setting | open-loop p50 ms | p99 ms | p50 / none | p99 / none | closed-loop req/s | req/s / none |");
            System.out.println("|---|---|---|---|---|---|---|");
            double[] none = means(open.get("none"), closed.get("none"));
            for (String setting : open.keySet()) {
                double[] m = means(open.get(setting), closed.get(setting));
                System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.3f | %.3f | %.1f | %.3f |%n", setting, m[0], m[1],
                        m[0] / none[0], m[1] / none[1], m[2], m[2] / none[2]);
            }
            System.out.printf(Locale.ROOT, "%nshadow runs during the shadow rounds: %.0f ok, %.0f shed (in flight limit or "
                            + "batcher); open loop at %.1f req/s for %.0f s, closed loop %d clients for %.0f s, %d round(s)%n",
                    shadowRuns(s, "ok") - okBefore, shadowRuns(s, "shed") - shedBefore, rate, openSeconds, CLIENTS,
                    closedSeconds, rounds);
        }
    }

    static double shadowRuns(BenchServer s, String outcome) {
        double v = s.metric("stagegate_shadow_runs_total{experiment=\"bench-shadow\",outcome=\"" + outcome + "\"");
        return Double.isNaN(v) ? 0 : v;
    }

    /** Mean open-loop p50 and p99 and closed-loop throughput over the rounds of one setting. */
    static double[] means(List<LoadClient.Summary> open, List<LoadClient.Summary> closed) {
        return new double[] {open.stream().mapToDouble(LoadClient.Summary::p50).average().orElse(0),
                open.stream().mapToDouble(LoadClient.Summary::p99).average().orElse(0),
                closed.stream().mapToDouble(LoadClient.Summary::rps).average().orElse(0)};
    }

    /** SciFact's queries when ../shared is beside the project, else generated ones of similar length. */
    static List<String> bodies() throws Exception {
        Path queries = BenchServer.ROOT.resolve("../shared/datasets/scifact/queries.jsonl");
        List<String> out = new ArrayList<>();
        if (Files.exists(queries)) {
            for (String line : Files.readAllLines(queries)) {
                int at = line.indexOf("\"text\":");
                if (at > 0) {
                    String text = line.substring(line.indexOf('"', at + 7) + 1, line.lastIndexOf('"'));
                    out.add("{\"query\": \"" + text + "\", \"topN\": 10, \"includeText\": false}");
                }
            }
            return out;
        }
        String[] words = "cell protein gene expression cancer immune response bacteria virus drug therapy".split(" ");
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            StringBuilder q = new StringBuilder();
            for (int w = 0; w < 8 + random.nextInt(10); w++) {
                q.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            out.add("{\"query\": \"" + q + "\", \"topN\": 10, \"includeText\": false}");
        }
        return out;
    }
}
