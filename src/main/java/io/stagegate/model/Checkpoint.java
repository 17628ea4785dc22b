package io.stagegate.model;

import java.util.function.Supplier;

/** A declared checkpoint: its spec and a way to read its files (only when first used). */
public record Checkpoint(CheckpointSpec spec, String source, Supplier<ModelFiles> files) {
    public String id() {
        return spec.id();
    }
}
