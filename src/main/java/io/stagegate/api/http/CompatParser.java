package io.stagegate.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.List;

/** Reads the shapes of the compat bodies, naming the field of the first problem; limits are the services'. */
final class CompatParser {
    private CompatParser() {
    }

    static List<String> embeddingInputs(JsonNode input) {
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
        return texts;
    }

    static List<String> rerankDocuments(JsonNode documents) {
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
        return texts;
    }

}
