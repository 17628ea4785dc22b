package io.stagegate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A user checkpoint on disk: {@code model.onnx}, {@code tokenizer.json} and a descriptor
 * {@code stagegate-checkpoint.json} such as
 * <pre>{"kind": "embedder", "pooling": "cls", "normalize": true, "maxLength": 512,
 *  "queryPrefix": "...", "documentPrefix": "", "outputName": "last_hidden_state", "execution": "batched"}</pre>
 */
public final class CheckpointDirectory {
    public static final String DESCRIPTOR = "stagegate-checkpoint.json";
    public static final String MODEL = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";

    private CheckpointDirectory() {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Descriptor(String kind, String pooling, Boolean normalize, Integer maxLength, String queryPrefix,
                             String documentPrefix, String outputName, String execution) {
    }

    public static Checkpoint open(String id, Path dir, String device) {
        Path descriptorFile = dir.resolve(DESCRIPTOR);
        for (Path p : new Path[] {descriptorFile, dir.resolve(MODEL), dir.resolve(TOKENIZER)}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("checkpoint '" + id + "': " + p + " is missing");
            }
        }
        Descriptor d;
        try {
            d = new ObjectMapper().readValue(descriptorFile.toFile(), Descriptor.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint '" + id + "': cannot parse " + descriptorFile + ": " + e.getMessage(), e);
        }
        CheckpointSpec spec = new CheckpointSpec(id,
                enumValue(id, "kind", d.kind(), CheckpointKind.class, null),
                enumValue(id, "pooling", d.pooling(), Pooling.class, Pooling.MEAN),
                d.normalize() == null || d.normalize(),
                d.maxLength() == null ? 512 : d.maxLength(),
                d.queryPrefix(), d.documentPrefix(), d.outputName(),
                enumValue(id, "execution", d.execution(), Execution.class, Execution.BATCHED),
                device);
        return new Checkpoint(spec, dir.toString(), () -> {
            try {
                return new ModelFiles(Files.readAllBytes(dir.resolve(MODEL)), Files.readAllBytes(dir.resolve(TOKENIZER)));
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint '" + id + "': cannot read " + dir, e);
            }
        });
    }

    /** Writes a checkpoint directory (used by the cross-encoder generator command). */
    public static void write(Path dir, ModelFiles files, Descriptor descriptor) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(MODEL), files.onnx());
        Files.write(dir.resolve(TOKENIZER), files.tokenizerJson());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(DESCRIPTOR).toFile(), descriptor);
    }

    private static <E extends Enum<E>> E enumValue(String id, String field, String value, Class<E> type, E fallback) {
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("checkpoint '" + id + "': descriptor field '" + field + "' is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint '" + id + "': descriptor field '" + field + "' has unknown value '"
                    + value + "'", e);
        }
    }
}
