package io.stagegate.experiments;

import io.stagegate.control.JsonFile;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Path;
import java.util.List;

/** Experiments on disk, replaced atomically on every change (see {@link JsonFile}). */
public final class ExperimentStore {
    private final JsonFile<List<Experiment>> file;

    public ExperimentStore(Path path) {
        this.file = new JsonFile<>(path, new TypeReference<>() {
        }, List.of());
    }

    public Path file() {
        return file.path();
    }

    public List<Experiment> load() {
        return file.read();
    }

    public void save(List<Experiment> experiments) {
        file.write(experiments);
    }
}
