package io.stagegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.testing.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A query answered by part of a distributed index says so in its event; a complete one carries no flag at all. */
class PartialQueryEventTest {
    private static QueryEvent event(Boolean partial) {
        return new QueryEvent(QueryEvent.SCHEMA, "5f0c5a3e-6a43-4c56-9d0e-3b0b8f1c2d11", "q1", "c1", "s1", "text", "http",
                "default", "all-minilm-l6-v2", null, "default", "default", null, null, null, null, 10, 100, false,
                List.of(new QueryEvent.Candidate("d1", 0.5f, 1)), List.of(new QueryEvent.Result("d1", 1, 0.5f, 0.5f, 1)),
                List.of("d1"), new QueryEvent.Timings(1, 1, 0, 2, 0, 1, 0, 0), null, "2026-03-01T10:00:00Z", partial);
    }

    @Test
    void partialIsWrittenOnlyWhenTrueAndValidatesAgainstTheSchema() {
        byte[] partial = EventJson.bytes(event(Boolean.TRUE));
        assertTrue(new String(partial, StandardCharsets.UTF_8).contains("\"partial\":true"));
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, partial));
        assertEquals(Boolean.TRUE, EventJson.read(partial, QueryEvent.class).partial());

        byte[] complete = EventJson.bytes(event(null));
        assertFalse(new String(complete, StandardCharsets.UTF_8).contains("partial"));
        assertEquals(List.of(), EventSchemas.errors(QueryEvent.SCHEMA, complete));
        assertNull(EventJson.read(complete, QueryEvent.class).partial());

        assertFalse(EventSchemas.errors(QueryEvent.SCHEMA, EventJson.bytes(event(Boolean.FALSE))).isEmpty(),
                "false is never written: the schema allows only true");
    }
}
