package io.stagegate.model;

import io.stagegate.StagegateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where checkpoints registered at runtime may come from: directories under one configured models root, and nowhere
 * else. A caller's path is taken relative to the root; ".." segments, absolute paths outside the root and symbolic
 * links that lead out of it are refused, naming the problem, before anything is read.
 */
public final class CheckpointPaths {
    private final Path root;

    public CheckpointPaths(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("stagegate.models-root " + root + " does not exist or cannot be read", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalStateException("stagegate.models-root " + root + " is not a directory");
        }
    }

    public Path root() {
        return root;
    }

    /** The real directory a caller's path names, confined to the root. */
    public Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw StagegateException.invalid("path must name a checkpoint directory under the models root");
        }
        Path given;
        try {
            given = Path.of(path);
        } catch (InvalidPathException e) {
            throw StagegateException.invalid("path '" + path + "' is not a valid path: " + e.getReason());
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw StagegateException.invalid("path '" + path + "' must not contain '..'");
            }
        }
        Path candidate = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        if (!candidate.startsWith(root)) {
            throw StagegateException.invalid("path '" + path + "' is outside the models root " + root);
        }
        if (!Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(candidate)) {
            throw StagegateException.invalid("path '" + path + "' is not a directory under the models root");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (IOException e) {
            throw StagegateException.invalid("path '" + path + "' cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw StagegateException.invalid("path '" + path + "' leads outside the models root (a symbolic link to " + real
                    + ")");
        }
        for (String file : new String[] {CheckpointDirectory.MODEL, CheckpointDirectory.TOKENIZER,
                CheckpointDirectory.DESCRIPTOR}) {
            Path f = real.resolve(file);
            try {
                if (!f.toRealPath().startsWith(root)) {
                    throw StagegateException.invalid("path '" + path + "': " + file + " is a link outside the models root");
                }
            } catch (IOException e) {
                throw StagegateException.invalid("path '" + path + "' holds no " + file
                        + " (a checkpoint directory needs model.onnx, tokenizer.json and stagegate-checkpoint.json)");
            }
        }
        return real;
    }
}
