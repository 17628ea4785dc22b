package io.stagegate.control;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagegate.StagegateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Admin state in one JSON file replaced atomically (write a temporary file, fsync it, rename it over the old one,
 * fsync the directory), so a crash leaves either the old or the new content, never a torn file.
 */
public final class JsonFile<T> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path path;
    private final TypeReference<T> type;
    private final T empty;

    public JsonFile(Path path, TypeReference<T> type, T empty) {
        this.path = path;
        this.type = type;
        this.empty = empty;
    }

    public Path path() {
        return path;
    }

    public T read() {
        if (!Files.exists(path)) {
            return empty;
        }
        try {
            return JSON.readValue(path.toFile(), type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage()
                    + " (fix or remove the file; it is rewritten on every change)", e);
        }
    }

    public void write(T value) {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(value)));
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(path.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignored) {
                // Some file systems cannot open a directory for fsync; the rename is still atomic there.
            }
        } catch (IOException e) {
            throw StagegateException.internal("cannot save " + path + ": " + e.getMessage(), e);
        }
    }
}
