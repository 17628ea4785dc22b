package io.stagegate.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.StagegateException;
import io.stagegate.TextChecks;
import java.util.ArrayList;
import java.util.List;

/** Validates the compat bodies, naming the field of the first problem. */
final class CompatParser {
    private CompatParser() {
    }

    static List<String> embeddingInputs(JsonNode input, int max) {
        if (input == null || input.isNull()) {
            throw StagegateException.invalid("input is required: a string or an array of strings");
        }
        List<String> texts = new ArrayList<>();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (!item.isTextual()) {
                    throw StagegateException.invalid("input[" + i + "] must be a string (token arrays are not supported), was "
                            + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                }
                texts.add(item.asText());
            }
        } else {
            throw StagegateException.invalid("input must be a string or an array of strings");
        }
        check(texts, "input", max, "stagegate.limits.max-embedding-inputs");
        return texts;
    }

    static List<String> rerankDocuments(JsonNode documents, int max) {
        if (documents == null || !documents.isArray()) {
            throw StagegateException.invalid("documents is required: an array of strings or {text} objects");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode d = documents.get(i);
            if (d.isTextual()) {
                texts.add(d.asText());
            } else if (d.isObject() && d.path("text").isTextual()) {
                texts.add(d.get("text").asText());
            } else {
                throw StagegateException.invalid("documents[" + i + "] must be a string or an object with a string 'text'");
            }
        }
        check(texts, "documents", max, "stagegate.limits.max-rerank-documents");
        return texts;
    }

    private static void check(List<String> texts, String field, int max, String setting) {
        TextChecks.requireCount(field, texts.size(), max, setting);
        for (int i = 0; i < texts.size(); i++) {
            TextChecks.requireVisible(field + "[" + i + "]", texts.get(i));
        }
    }
}
