package io.stagegate.mining;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judged queries of a BEIR split with their grades. Unlike {@link io.stagegate.eval.BeirDataset} it never reads
 * corpus.jsonl: replay only sends queries, and a corpus can be gigabytes.
 */
record ReplayQueries(Map<String, String> texts, Map<String, Map<String, Integer>> grades) {

    static ReplayQueries load(Path dir, String split) throws IOException {
        Path queriesFile = dir.resolve("queries.jsonl");
        Path qrelsFile = dir.resolve("qrels").resolve(split + ".tsv");
        for (Path p : List.of(queriesFile, qrelsFile)) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(p + " is missing; replay needs queries.jsonl and qrels/" + split + ".tsv");
            }
        }
        Map<String, String> all = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = Files.newBufferedReader(queriesFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    all.put(node.get("_id").asText(), node.get("text").asText());
                }
            }
        }
        Map<String, Map<String, Integer>> grades = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(qrelsFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split("\t");
            if (parts.length < 3 || (i == 0 && parts[0].equals("query-id")) || !all.containsKey(parts[0])) {
                continue;
            }
            grades.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], Integer.parseInt(parts[2].strip()));
        }
        Map<String, String> texts = new LinkedHashMap<>();
        grades.keySet().forEach(id -> texts.put(id, all.get(id)));
        return new ReplayQueries(texts, grades);
    }
}
