package io.stagegate;

import java.util.Map;

/**
 * A corpus document as ingested. Metadata is kept as given (any JSON object) and returned with hits.
 */
public record Document(String id, String title, String text, Map<String, Object> metadata) {
    public static final int MAX_ID_LENGTH = 512;

    public Document {
        if (id == null || id.isBlank()) {
            throw StagegateException.invalid("id must be a non-blank string, was " + (id == null ? "missing" : "blank"));
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw StagegateException.invalid("id must be at most " + MAX_ID_LENGTH + " characters, was " + id.length());
        }
        if (text == null || text.isBlank()) {
            throw StagegateException.invalid("text of document '" + id + "' must be non-blank, was "
                    + (text == null ? "missing" : "blank"));
        }
        title = title == null ? "" : title;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The text an embedder sees: title and text joined by a space, as MTEB/BEIR do. */
    public String embeddingText() {
        return title.isBlank() ? text : title + " " + text;
    }
}
