package io.stagegate.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of events: snake_case (UBI), absent rather than null for optional fields. Its own mapper, so
 * the HTTP API's camelCase settings never leak onto the topics.
 */
public final class EventJson {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Schubfach instead of the JDK's float formatting: it was the largest item in the publisher's profile.
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static byte[] bytes(Event event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.schema() + " " + event.eventId(), e);
        }
    }

    /** Parses an event of a known schema; newer readers ignore fields they do not know (forward compatibility). */
    public static <T extends Event> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The schema an event's JSON declares, or empty text when it declares none. */
    public static String schemaOf(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node.path("schema").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
