package io.stagegate.testing;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Validates event JSON against the schema files the project ships under schemas/. */
public final class EventSchemas {
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The validation errors of {@code json} against {@code schemas/<name>.json}; empty when valid. */
    public static List<String> errors(String name, byte[] json) {
        Schema schema = SCHEMAS.computeIfAbsent(name, EventSchemas::load);
        return schema.validate(new String(json, StandardCharsets.UTF_8), com.networknt.schema.InputFormat.JSON,
                (ctx, schemaContext) -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).stream().map(Error::toString).toList();
    }

    private static Schema load(String name) {
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schemas/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no schema file schemas/" + name + ".json");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
