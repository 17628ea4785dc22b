package io.stagegate.index.replication;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stagegate.Document;
import io.stagegate.index.StoredDocument;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value of a documents-topic record (schemas/stagegate.documents.v1.json): the document and every vector it was
 * stored with, so replicas never embed again what one of them embedded. Vectors are little-endian float32, base64:
 * exact, and a third of the size of decimal text.
 */
public final class DocumentRecords {
    public static final String SCHEMA = "stagegate.documents.v1";
    /** Bumped when the value changes incompatibly; a replica refuses (skips, loudly) formats it does not know. */
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private DocumentRecords() {
    }

    public static byte[] encode(StoredDocument stored) {
        Document d = stored.document();
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("format", FORMAT);
        root.put("id", d.id());
        root.put("title", d.title());
        root.put("text", d.text());
        root.set("metadata", JSON.valueToTree(d.metadata()));
        ObjectNode vectors = root.putObject("vectors");
        new TreeMap<>(stored.vectors()).forEach((embedder, v) -> vectors.put(embedder, encode(v)));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("document '" + d.id() + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** IllegalArgumentException, naming what is wrong, for a value this version cannot read. */
    public static StoredDocument decode(byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("schema must be " + SCHEMA + ", was " + (root == null ? null : root.get("schema")));
        }
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + " is not known to this version (reads " + FORMAT + ")");
        }
        Map<String, Object> metadata = root.hasNonNull("metadata") ? JSON.convertValue(root.get("metadata"), MAP) : Map.of();
        Document d = new Document(text(root, "id"), root.path("title").asText(""), text(root, "text"), metadata);
        Map<String, float[]> vectors = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("vectors").properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vectors.put(e.getKey(), decode(e.getValue().asText(), d.id(), e.getKey()));
        }
        return new StoredDocument(d, vectors);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string, was " + n);
        }
        return n.asText();
    }

    static String encode(float[] vector) {
        ByteBuffer b = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String base64, String id, String embedder) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length == 0 || bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("vector " + embedder + " of document '" + id + "' has " + bytes.length
                    + " bytes, not a positive multiple of 4");
        }
        float[] v = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
