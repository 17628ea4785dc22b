package io.stagegate.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.Document;
import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Parses an ingest body (a JSON array, or NDJSON with one document per line) into documents, naming the element
 * and field of the first problem. Nothing is written unless the whole body is valid.
 */
final class DocumentParser {
    /** A document's fields; anything else is a mistake the client should hear about (metadata holds the rest). */
    static final List<String> FIELDS = List.of("id", "metadata", "text", "title");
    private final ObjectMapper json;
    private final IntConsumer checkCount;

    /** @param checkCount refuses a document count over the per-request limit, before the documents are read */
    DocumentParser(ObjectMapper json, IntConsumer checkCount) {
        this.json = json;
        this.checkCount = checkCount;
    }

    List<Document> jsonArray(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw StagegateException.invalid("malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw StagegateException.invalid("body must be a JSON array of documents {id, title?, text, metadata?}");
        }
        checkCount.accept(root.size());
        List<Document> docs = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            docs.add(document(root.get(i), "documents[" + i + "]"));
        }
        return docs;
    }

    List<Document> ndjson(String body) {
        List<Document> docs = new ArrayList<>();
        String[] lines = body.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = json.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw StagegateException.invalid("line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage());
            }
            docs.add(document(node, "line " + (i + 1)));
            checkCount.accept(docs.size());
        }
        return docs;
    }

    private Document document(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw StagegateException.invalid(where + " must be a JSON object");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw StagegateException.invalid(ErrorMapper.unknownField(name, " in " + where, FIELDS));
            }
        }
        String id = text(node, "id", where, true);
        String title = text(node, "title", where, false);
        String text = text(node, "text", where, true);
        JsonNode meta = node.get("metadata");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw StagegateException.invalid(where + ".metadata must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = meta == null || meta.isNull() ? Map.of() : json.convertValue(meta, Map.class);
        try {
            return new Document(id, title, text, metadata);
        } catch (StagegateException e) {
            throw StagegateException.invalid(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field, String where, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw StagegateException.invalid(where + "." + field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw StagegateException.invalid(where + "." + field + " must be a string, was " + value.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        return value.asText();
    }
}
