package io.stagegate.index.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Document;
import io.stagegate.index.StoredDocument;
import io.stagegate.testing.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documents-topic value: bit-exact vectors, valid against its shipped schema, unknown formats refused. */
class DocumentRecordsTest {
    private static final StoredDocument DOC = new StoredDocument(
            new Document("d1", "A title", "Some text", Map.of("year", 2024, "tags", List.of("a", "b"))),
            Map.of("emb-a", new float[] {0.1f, -0.0f, Float.MIN_VALUE, 1e-30f, -3.4e38f}, "emb-b", new float[] {1f}));

    @Test
    void roundTripsTheDocumentAndEveryVectorBitForBit() {
        StoredDocument back = DocumentRecords.decode(DocumentRecords.encode(DOC));
        assertEquals(DOC.document(), back.document());
        assertEquals(DOC.vectors().keySet(), back.vectors().keySet());
        DOC.vectors().forEach((id, v) -> {
            float[] w = back.vectors().get(id);
            assertEquals(v.length, w.length);
            for (int i = 0; i < v.length; i++) {
                assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(w[i]), id + "[" + i + "]");
            }
        });
    }

    @Test
    void valuesAreValidAgainstTheShippedSchema() {
        byte[] value = DocumentRecords.encode(DOC);
        assertEquals(List.of(), EventSchemas.errors("stagegate.documents.v1", value));
        // Little-endian float32: 1.0f is 00 00 80 3f.
        assertTrue(new String(value, StandardCharsets.UTF_8).contains("\"emb-b\":\"AACAPw==\""));
    }

    @Test
    void aFormatThisVersionDoesNotKnowIsRefusedByName() {
        String json = new String(DocumentRecords.encode(DOC), StandardCharsets.UTF_8).replace("\"format\":1", "\"format\":2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DocumentRecords.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
        assertArrayEquals(new float[] {1f}, DocumentRecords.decode(DocumentRecords.encode(DOC)).vectors().get("emb-b"));
    }
}
