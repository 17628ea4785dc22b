package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.ErrorKind;
import io.stagegate.StagegateException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointPathsTest {
    @TempDir
    Path tmp;

    private Path checkpoint(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String f : new String[] {CheckpointDirectory.MODEL, CheckpointDirectory.TOKENIZER, CheckpointDirectory.DESCRIPTOR}) {
            Files.writeString(dir.resolve(f), "x");
        }
        return dir;
    }

    private String refused(CheckpointPaths paths, String path) {
        StagegateException e = assertThrows(StagegateException.class, () -> paths.resolve(path));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        return e.getMessage();
    }

    @Test
    void aDirectoryUnderTheRootResolvesByRelativeOrAbsolutePath() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path emb = checkpoint(root.resolve("team/emb-s3"));
        CheckpointPaths paths = new CheckpointPaths(root);
        assertEquals(emb.toRealPath(), paths.resolve("team/emb-s3"));
        assertEquals(emb.toRealPath(), paths.resolve(emb.toString()));
        assertEquals(emb.toRealPath(), paths.resolve("team/./emb-s3"));
    }

    @Test
    void escapesAreRefusedNamingTheProblem() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        checkpoint(root.resolve("ok"));
        Path outside = checkpoint(tmp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link-out"), outside);
        Path half = Files.createDirectories(root.resolve("half"));
        Files.writeString(half.resolve(CheckpointDirectory.MODEL), "x");
        Files.writeString(half.resolve(CheckpointDirectory.DESCRIPTOR), "x");
        Files.createSymbolicLink(half.resolve(CheckpointDirectory.TOKENIZER), outside.resolve(CheckpointDirectory.TOKENIZER));
        CheckpointPaths paths = new CheckpointPaths(root);
        assertTrue(refused(paths, "../outside").contains("must not contain '..'"));
        assertTrue(refused(paths, "ok/../../outside").contains("'..'"));
        assertTrue(refused(paths, outside.toString()).contains("outside the models root"));
        assertTrue(refused(paths, "link-out").contains("symbolic link"));
        assertTrue(refused(paths, "half").contains("tokenizer.json is a link outside"));
        assertTrue(refused(paths, "missing").contains("not a directory"));
        assertTrue(refused(paths, "").contains("path must name"));
        assertTrue(refused(paths, "ok\u0000x").contains("not a valid path"));
        Files.createDirectories(root.resolve("empty"));
        assertTrue(refused(paths, "empty").contains("holds no model.onnx"));
    }
}
