import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.index.BeirCorpusReader;
import io.stagegate.model.BuiltinCheckpoints;
import io.stagegate.model.Checkpoint;
import io.stagegate.model.Encoded;
import io.stagegate.model.Tokenizer;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Tokenizer throughput, pure-Java WordPiece against DJL's native binding, on the same texts in one run: queries (with
 * the checkpoint's query prefix) and documents (title + " " + text) of a BEIR dataset. Rounds alternate Java and DJL
 * so drifting machine load hits both; the ratios are per round pair, reported as their median.
 *
 *   ./mvnw -q -B package -DskipTests
 *   java -cp "target/quarkus-app/lib/boot/*:target/quarkus-app/lib/main/*:target/quarkus-app/app/*" load-tests/TokenizerBench.java [--seconds 3] [--rounds 5]
 *
 * Modes: Java encode() per text (one thread); DJL encode() per text (one JNI call each, what a request pays);
 * DJL batchEncode() in batches of 32 (Rust-side parallel over every core, what ingest used to pay).
 */
public final class TokenizerBench {
    record Scenario(String checkpoint, Path dataset) {
    }

    record Mode(String name, Function<List<String>, List<Encoded>> run) {
    }

    public static void main(String[] args) throws Exception {
        // Quarkus' log manager is on this class path; tell java.util.logging before anything logs.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        double seconds = Double.parseDouble(option(args, "--seconds", "3"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));
        Path datasets = Path.of(option(args, "--datasets", "../shared/datasets"));
        List<Scenario> scenarios = List.of(new Scenario("bge-small-en-v1.5", datasets.resolve("scifact")),
                new Scenario("bge-small-zh-v1.5-q", datasets.resolve("stard")));
        System.out.printf("Tokenizer throughput, %d cores, %d rounds of %.1f s per mode (medians; ratio = Java / DJL per round)%n%n",
                Runtime.getRuntime().availableProcessors(), rounds, seconds);
        System.out.println("| checkpoint | texts | mean tokens | Java tokens/s | DJL per-text tokens/s | Java / DJL per-text "
                + "| DJL batch tokens/s | Java / DJL batch |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Map<String, Object>> results = new ArrayList<>();
        for (Scenario s : scenarios) {
            if (!Files.isDirectory(s.dataset())) {
                System.out.println("| " + s.checkpoint() + " | " + s.dataset() + " is absent | | | | | | |");
                continue;
            }
            Checkpoint checkpoint = BuiltinCheckpoints.find(s.checkpoint()).orElseThrow();
            byte[] json = checkpoint.files().get().tokenizerJson();
            int maxLength = checkpoint.spec().maxLength();
            try (Tokenizer java = Tokenizer.fromJson(json, maxLength); Tokenizer djl = Tokenizer.djl(json, maxLength)) {
                if (!java.implementation().equals("java")) {
                    throw new IllegalStateException(s.checkpoint() + " does not run on the Java tokenizer");
                }
                String prefix = checkpoint.spec().queryPrefix();
                List<String> queries = queries(s.dataset()).stream().map(q -> prefix + q).toList();
                List<String> documents = documents(s.dataset());
                for (var texts : List.of(Map.entry("queries", queries), Map.entry("documents", documents))) {
                    List<Mode> modes = List.of(new Mode("java", t -> perText(java, t)), new Mode("djl", t -> perText(djl, t)),
                            new Mode("djl-batch", t -> batched(djl, t)));
                    Map<String, Object> r = measure(modes, texts.getValue(), seconds, rounds);
                    r.put("checkpoint", s.checkpoint());
                    r.put("texts", texts.getKey());
                    results.add(r);
                    System.out.printf(Locale.ROOT, "| %s | %s (%d) | %.0f | %.0f | %.0f | %.2f | %.0f | %.2f |%n", s.checkpoint(),
                            texts.getKey(), texts.getValue().size(), r.get("meanTokens"), r.get("java"), r.get("djl"),
                            r.get("java/djl"), r.get("djl-batch"), r.get("java/djl-batch"));
                }
            }
        }
        System.out.println();
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(results));
    }

    /** Alternating rounds of every mode over the texts; medians of tokens/s and of the per-round ratios. */
    static Map<String, Object> measure(List<Mode> modes, List<String> texts, double seconds, int rounds) {
        long tokens = perText(modes.getFirst(), texts);
        for (Mode m : modes) {
            run(m, texts, 1.0); // warm-up: JIT and DJL's native library
        }
        Map<String, double[]> rates = new LinkedHashMap<>();
        modes.forEach(m -> rates.put(m.name(), new double[rounds]));
        for (int r = 0; r < rounds; r++) {
            for (Mode m : modes) {
                rates.get(m.name())[r] = run(m, texts, seconds);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("meanTokens", (double) tokens / texts.size());
        for (Mode m : modes) {
            out.put(m.name(), median(rates.get(m.name())));
        }
        for (Mode m : modes.subList(1, modes.size())) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = rates.get("java")[r] / rates.get(m.name())[r];
            }
            out.put("java/" + m.name(), median(ratios));
        }
        return out;
    }

    /** Tokens per second over chunks of 256 texts taken in turn, for at least {@code seconds}. */
    static double run(Mode mode, List<String> texts, double seconds) {
        long tokens = 0;
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        int from = 0;
        do {
            tokens += count(mode.run().apply(texts.subList(from, Math.min(texts.size(), from + 256))));
            from = from + 256 >= texts.size() ? 0 : from + 256;
        } while (System.nanoTime() < deadline);
        return tokens / ((System.nanoTime() - start) / 1e9);
    }

    static long perText(Mode mode, List<String> texts) {
        return count(mode.run().apply(texts));
    }

    static List<Encoded> perText(Tokenizer tokenizer, List<String> texts) {
        List<Encoded> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(tokenizer.encode(t));
        }
        return out;
    }

    static List<Encoded> batched(Tokenizer tokenizer, List<String> texts) {
        List<Encoded> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 32) {
            out.addAll(tokenizer.encodeAll(texts.subList(from, Math.min(texts.size(), from + 32))));
        }
        return out;
    }

    static long count(List<Encoded> encodings) {
        long n = 0;
        for (Encoded e : encodings) {
            n += e.length();
        }
        return n;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static List<String> queries(Path dataset) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dataset.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line).get("text").asText());
            }
        }
        return out;
    }

    static List<String> documents(Path dataset) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(dataset.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            return BeirCorpusReader.read(r, new ObjectMapper()).stream().map(Document::embeddingText).toList();
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
