package io.stagegate.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.index.BeirCorpusReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dataset in BEIR layout: corpus.jsonl, queries.jsonl, qrels/&lt;split&gt;.tsv. */
public record BeirDataset(String name, List<Document> corpus, Map<String, String> queries,
                          Map<String, Map<String, Integer>> qrels) {

    /** A split's queries and judgements, without the corpus (which can be gigabytes). */
    public record Judgements(Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {
    }

    public static BeirDataset load(Path dir, String split) throws IOException {
        Path corpusFile = dir.resolve("corpus.jsonl");
        if (!Files.isRegularFile(corpusFile)) {
            throw new IllegalArgumentException(corpusFile + " is missing; a BEIR dataset needs corpus.jsonl, queries.jsonl and"
                    + " qrels/" + split + ".tsv");
        }
        Judgements judged = judgements(dir, split);
        List<Document> corpus;
        try (BufferedReader r = Files.newBufferedReader(corpusFile, StandardCharsets.UTF_8)) {
            corpus = BeirCorpusReader.read(r, new ObjectMapper());
        }
        return new BeirDataset(dir.getFileName().toString(), corpus, judged.queries(), judged.qrels());
    }

    /** Reads queries.jsonl and qrels/&lt;split&gt;.tsv only. */
    public static Judgements judgements(Path dir, String split) throws IOException {
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        for (Path p : List.of(dir.resolve("queries.jsonl"), qrelsFile)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(p + " is missing; a BEIR dataset needs corpus.jsonl, queries.jsonl and qrels/"
                        + split + ".tsv");
            }
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, String> queries = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    queries.put(node.get("_id").asText(), node.get("text").asText());
                }
            }
        }
        return new Judgements(queries, readQrels(qrelsFile, queries));
    }

    /** query id to (doc id to grade), keeping only queries that exist in queries.jsonl. */
    static Map<String, Map<String, Integer>> readQrels(Path file, Map<String, String> queries) throws IOException {
        Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("query-id"))) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length < 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected query-id, corpus-id, score");
            }
            if (queries.containsKey(parts[0])) {
                qrels.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], Integer.parseInt(parts[2].trim()));
            }
        }
        return qrels;
    }
}
