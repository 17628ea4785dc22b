package io.stagegate.index;

import io.stagegate.Document;
import java.util.Map;

/** A document with the vectors it carries, keyed by embedder checkpoint id. */
public record StoredDocument(Document document, Map<String, float[]> vectors) {
    public StoredDocument {
        vectors = Map.copyOf(vectors);
    }
}
