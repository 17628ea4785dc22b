package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.index.BeirCorpusReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java tokenizer against DJL on the shared datasets, for every built-in tokenizer: SciFact documents (title + " "
 * + text, with the checkpoint's document prefix) and queries (with its query prefix), STARD documents and queries
 * (with bge-small-zh's prefixes), each as a single encoding and as token spans, and (query, document) pairs in which
 * every document and every query takes part. The suite runs a seeded sample; {@code -Dstagegate.tokenizer-parity=full}
 * runs every text. Skips when ../shared/datasets is absent.
 */
class WordPieceParityTest {
    static final Path DATASETS = Path.of("../shared/datasets");
    static final boolean FULL = "full".equals(System.getProperty("stagegate.tokenizer-parity"));
    static final int SAMPLE_DOCUMENTS = 250;
    static final int SAMPLE_QUERIES = 120;
    static final long SEED = 20261130L;

    record Texts(String dataset, List<String> documents, List<String> queries) {
    }

    private static List<Texts> raw;

    static Stream<ParityConfigs.Config> configs() {
        return ParityConfigs.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void datasetsMatchHuggingFace(ParityConfigs.Config config) {
        Assumptions.assumeFalse(raw.isEmpty(), DATASETS + " is absent");
        try (TokenizerParity parity = new TokenizerParity(config.tokenizerJson(), config.maxLength())) {
            List<String> report = new ArrayList<>();
            for (Texts t : texts(config)) {
                parity.singles(t.documents(), true);
                parity.singles(t.queries(), true);
                for (int i = 0; i < t.documents().size(); i++) {
                    parity.pair(t.queries().get(i % t.queries().size()), t.documents().get(i));
                }
                report.add(t.dataset() + " " + t.documents().size() + " documents + " + t.queries().size() + " queries");
            }
            System.out.println("dataset parity " + config + (FULL ? " (full)" : " (sample)") + ": " + String.join(", ", report)
                    + "; " + parity.counts() + ", " + parity.mismatches().size() + " mismatches");
            assertEquals(List.of(), parity.mismatches(), () -> String.join("\n", parity.mismatches()));
        }
    }

    private static List<Texts> texts(ParityConfigs.Config config) {
        List<Texts> out = new ArrayList<>();
        for (Texts raw : raw) {
            boolean chinese = raw.dataset().equals("stard");
            String queryPrefix = chinese ? BuiltinCheckpoints.BGE_ZH_QUERY_PREFIX : config.queryPrefix();
            String documentPrefix = chinese ? "" : config.documentPrefix();
            out.add(new Texts(raw.dataset(), raw.documents().stream().map(d -> documentPrefix + d).toList(),
                    raw.queries().stream().map(q -> queryPrefix + q).toList()));
        }
        return out;
    }

    /** Each dataset's (sampled) texts without prefixes, read once for all configurations. */
    @BeforeAll
    static void readDatasets() throws IOException {
        raw = new ArrayList<>();
        for (String name : List.of("scifact", "stard")) {
            Path dir = DATASETS.resolve(name);
            if (Files.isDirectory(dir)) {
                raw.add(read(name, dir));
            }
        }
    }

    private static Texts read(String name, Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> documents = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
            for (Document d : BeirCorpusReader.read(r, json)) {
                documents.add(d.embeddingText());
            }
        }
        List<String> queries = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                queries.add(json.readTree(line).get("text").asText());
            }
        }
        return new Texts(name, sample(documents, SAMPLE_DOCUMENTS), sample(queries, SAMPLE_QUERIES));
    }

    private static List<String> sample(List<String> all, int size) {
        if (FULL || all.size() <= size) {
            return all;
        }
        List<String> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(SEED));
        return shuffled.subList(0, size);
    }
}
