import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does an experiment find the better pair, and how soon? A gateway over SciFact serves two pairs of known quality,
 * bge-small-en-v1.5 (the default pair, nDCG@10 0.747 on train) and all-minilm-l6-v2 (0.660), as an A/B experiment and
 * as a team-draft interleaving experiment. For each seed, `stagegate replay --experiment` sends train queries from
 * 1,000 simulated users with position-biased clicks on relevant results ((1/rank)^1, 5% noise clicks), and stops at the
 * first p < 0.05 after at least 100 queries: A/B on first-click reciprocal rank (Welch), interleaving on per-query wins
 * (sign test). The experiment
 * salt changes with the seed, so users land in other arms each time. Prints, per seed, the queries needed and who won.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * bin/stagegate ingest --file ../shared/datasets/scifact/corpus.jsonl   # with the two pairs, into DATA
 * java load-tests/CompareProof.java DATA [seeds]
 * </pre>
 */
public final class CompareProof {
    static final Pattern FIELD = Pattern.compile("\"(significant_at|queries|better_won|p|wins|losses)\": ([^,}]+)");

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]).toAbsolutePath();
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dataset = BenchServer.ROOT.resolve("../shared/datasets/scifact").normalize();
        if (!Files.isDirectory(dataset)) {
            throw new IllegalStateException(dataset + " is missing: the proof needs SciFact's train queries and qrels");
        }
        List<String> settings = List.of("-Dstagegate.data-dir=" + data, "-Dstagegate.demo.enabled=false",
                "-Dstagegate.pairs.minilm.embedder=all-minilm-l6-v2");
        Map<String, List<Map<String, String>>> results = new TreeMap<>();
        try (BenchServer s = BenchServer.start("proof", 8094, settings)) {
            for (String mode : List.of("ab", "interleave")) {
                results.put(mode, new ArrayList<>());
                for (int seed = 1; seed <= seeds; seed++) {
                    String body = String.format(Locale.ROOT, "{\"id\": \"proof\", \"mode\": \"%s\", \"salt\": \"proof-%d\", "
                            + "\"state\": \"running\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"minilm\", \"weight\": 1}]}", mode, seed);
                    if (s.get("/v1/admin/experiments/proof").map(r -> r.statusCode() == 200).orElse(false)) {
                        s.call("PUT", "/v1/admin/experiments/proof", body.replace("running", "stopped"));
                        s.call("DELETE", "/v1/admin/experiments/proof", null);
                    }
                    s.call("POST", "/v1/admin/experiments", body);
                    Process p = new ProcessBuilder(BenchServer.JAVA, "-jar", BenchServer.JAR.toString(), "replay",
                            "--url", s.url(""), "--dataset", dataset.toString(), "--split", "train", "--experiment", "proof",
                            "--users", "1000", "--rounds", "50", "--shuffle", "--better", "default", "--until-significant",
                            "--max-queries", "20000", "--concurrency", "3", "--seed", Integer.toString(seed))
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes());
                    p.waitFor();
                    String line = out.lines().filter(l -> l.startsWith("{\"experiment\"")).findFirst()
                            .orElseThrow(() -> new IllegalStateException("replay printed no result:\n" + out));
                    Map<String, String> r = new TreeMap<>();
                    Matcher m = FIELD.matcher(line);
                    while (m.find()) {
                        r.put(m.group(1), m.group(2).trim());
                    }
                    results.get(mode).add(r);
                    System.out.println(mode + " seed " + seed + ": " + line);
                }
            }
        }
        System.out.println();
        System.out.println("| mode | seeds | queries to p < 0.05 (each seed) | median | mean | better pair won | undecided |");
        System.out.println("|---|---|---|---|---|---|---|");
        double[] medians = new double[2];
        int i = 0;
        for (var e : results.entrySet()) {
            List<Long> n = e.getValue().stream().map(r -> Long.parseLong(r.get("significant_at"))).filter(x -> x > 0).sorted()
                    .toList();
            long won = e.getValue().stream().filter(r -> "true".equals(r.get("better_won"))).count();
            double median = n.isEmpty() ? Double.NaN : n.size() % 2 == 1 ? n.get(n.size() / 2)
                    : (n.get(n.size() / 2 - 1) + n.get(n.size() / 2)) / 2.0;
            medians[i++] = median;
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %d | %d |%n", e.getKey(), e.getValue().size(),
                    e.getValue().stream().map(r -> r.get("significant_at")).toList(), median,
                    n.stream().mapToLong(Long::longValue).average().orElse(Double.NaN), won,
                    e.getValue().size() - n.size());
        }
        System.out.printf(Locale.ROOT, "%nA/B needed %.1fx the queries interleaving needed (median over seeds).%n",
                medians[0] / medians[1]);
    }
}
