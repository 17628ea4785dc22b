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
 * Does an experiment find the better pair, how soon, and is stopping early safe? A gateway over SciFact serves two
 * pairs of known quality, bge-small-en-v1.5 (the default pair, nDCG@10 0.747 on train) and all-minilm-l6-v2 (0.660).
 * `stagegate replay --experiment` sends train queries from 1,000 recurring simulated users, each with a persistent
 * click propensity, clicking relevant results with probability propensity * (1/rank) (5% noise clicks).
 *
 * <ol>
 * <li>Pilot (A/B, seed 0, 3,000 queries, no stopping): the fixed-horizon z of the first-click reciprocal-rank
 *     difference over users gives the pre-planned size for 80% power at alpha 0.05,
 *     {@code N = 3000 (2.80 / z)^2} queries (the usual sample-size extrapolation).</li>
 * <li>Seeds 1..S, A/B and team-draft interleaving: replay until the always-valid test (mixture SPRT over users;
 *     over decided queries for interleaving) says p < 0.05, and, for A/B, at least to N so the fixed-horizon test
 *     is read once at its planned size. Reported: queries to the always-valid decision, who won, whether the fixed
 *     test at N detected the difference, and where peeking at the fixed test would have stopped (contrast).</li>
 * </ol>
 * The experiment salt changes with the seed, so users land in other arms each time.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * STAGEGATE_JAVA_OPTS="-Dstagegate.data-dir=DATA -Dstagegate.demo.enabled=false -Dstagegate.pairs.minilm.embedder=all-minilm-l6-v2" \
 *   bin/stagegate ingest --file ../shared/datasets/scifact/corpus.jsonl
 * java load-tests/CompareProof.java DATA [seeds]
 * </pre>
 */
public final class CompareProof {
    static final Pattern FIELD = Pattern.compile(
            "\"(significant_at|queries|units|better_won|p|fixed_significant_at|planned_fixed_p|fixed_z|wins|losses)\": ([^,}]+)");
    static final int PILOT = 3000;

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
        long planned;
        try (BenchServer s = BenchServer.start("proof", 8094, settings)) {
            Map<String, String> pilot = replay(s, dataset, "ab", 0, List.of("--max-queries", "" + PILOT));
            double z = Math.abs(Double.parseDouble(pilot.get("fixed_z")));
            planned = (long) Math.ceil(PILOT * Math.pow(2.8016 / z, 2));
            System.out.printf(Locale.ROOT, "pilot: %s queries, %s users, z = %.2f -> planned fixed-horizon size %d queries%n",
                    pilot.get("queries"), pilot.get("units"), z, planned);
            for (String mode : List.of("ab", "interleave")) {
                results.put(mode, new ArrayList<>());
                for (int seed = 1; seed <= seeds; seed++) {
                    List<String> extra = new ArrayList<>(List.of("--until-significant", "--max-queries", "20000"));
                    if (mode.equals("ab")) {
                        extra.addAll(List.of("--planned-queries", "" + Math.min(planned, 20000)));
                    }
                    results.get(mode).add(replay(s, dataset, mode, seed, extra));
                }
            }
        }
        System.out.println();
        System.out.println("| mode | seeds | always-valid: queries to p < 0.05 (each seed) | median | better pair won "
                + "| undecided at 20,000 | fixed test at its planned size: detected | peeking at the fixed test: median stop |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (var e : results.entrySet()) {
            List<Map<String, String>> rs = e.getValue();
            List<Long> n = rs.stream().map(r -> Long.parseLong(r.get("significant_at"))).filter(x -> x > 0).sorted().toList();
            List<Long> peek = rs.stream().map(r -> Long.parseLong(r.get("fixed_significant_at"))).filter(x -> x > 0)
                    .sorted().toList();
            long won = rs.stream().filter(r -> "true".equals(r.get("better_won"))).count();
            long detected = rs.stream().filter(r -> r.get("planned_fixed_p") != null && !r.get("planned_fixed_p").equals("NaN")
                    && Double.parseDouble(r.get("planned_fixed_p")) < 0.05).count();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %d | %d | %s | %.0f |%n", e.getKey(), rs.size(),
                    rs.stream().map(r -> r.get("significant_at")).toList(), median(n), won, rs.size() - n.size(),
                    e.getKey().equals("ab") ? detected + " of " + rs.size() + " at " + planned : "n/a", median(peek));
        }
    }

    static Map<String, String> replay(BenchServer s, Path dataset, String mode, int seed, List<String> extra)
            throws Exception {
        String body = String.format(Locale.ROOT, "{\"id\": \"proof\", \"mode\": \"%s\", \"salt\": \"proof-%d\", "
                + "\"state\": \"running\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"minilm\", \"weight\": 1}]}",
                mode, seed);
        if (s.get("/v1/admin/experiments/proof").map(r -> r.statusCode() == 200).orElse(false)) {
            s.call("POST", "/v1/admin/experiments/proof/stop", null);
            s.call("DELETE", "/v1/admin/experiments/proof", null);
        }
        s.call("POST", "/v1/admin/experiments", body);
        List<String> cmd = new ArrayList<>(List.of(BenchServer.JAVA, "-jar", BenchServer.JAR.toString(), "replay",
                "--url", s.url(""), "--dataset", dataset.toString(), "--split", "train", "--experiment", "proof",
                "--users", "1000", "--rounds", "50", "--shuffle", "--better", "default", "--concurrency", "3",
                "--seed", Integer.toString(seed)));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        String line = out.lines().filter(l -> l.startsWith("{\"experiment\"")).findFirst()
                .orElseThrow(() -> new IllegalStateException("replay printed no result:\n" + out));
        System.out.println(mode + " seed " + seed + ": " + line);
        Map<String, String> r = new TreeMap<>();
        Matcher m = FIELD.matcher(line);
        while (m.find()) {
            r.put(m.group(1), m.group(2).trim());
        }
        return r;
    }

    static double median(List<Long> n) {
        return n.isEmpty() ? Double.NaN : n.size() % 2 == 1 ? n.get(n.size() / 2)
                : (n.get(n.size() / 2 - 1) + n.get(n.size() / 2)) / 2.0;
    }
}
