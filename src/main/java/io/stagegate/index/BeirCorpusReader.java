package io.stagegate.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads BEIR corpus.jsonl lines: {"_id", "title", "text", "metadata"?} (also accepts "id" for "_id"). */
public final class BeirCorpusReader {
    private BeirCorpusReader() {
    }

    public static List<Document> read(BufferedReader reader, ObjectMapper json) throws IOException {
        List<Document> docs = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            docs.add(parse(json, line, lineNo));
        }
        return docs;
    }

    public static Document parse(ObjectMapper json, String line, int lineNo) {
        JsonNode node;
        try {
            node = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw StagegateException.invalid("line " + lineNo + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw StagegateException.invalid("line " + lineNo + " must be a JSON object");
        }
        JsonNode id = node.has("_id") ? node.get("_id") : node.get("id");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = node.hasNonNull("metadata") && node.get("metadata").isObject()
                ? json.convertValue(node.get("metadata"), Map.class) : Map.of();
        try {
            return new Document(id == null || id.isNull() ? null : id.asText(),
                    node.path("title").asText(""), node.hasNonNull("text") ? node.get("text").asText() : null, metadata);
        } catch (StagegateException e) {
            throw StagegateException.invalid("line " + lineNo + ": " + e.getMessage());
        }
    }
}
