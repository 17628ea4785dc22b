package io.stagegate.model;

import java.util.Objects;

/**
 * Everything needed to run a checkpoint besides its bytes. Prefixes are prepended to the raw text before tokenising
 * (e.g. BGE's English retrieval instruction for queries).
 */
public record CheckpointSpec(String id, CheckpointKind kind, Pooling pooling, boolean normalize, int maxLength,
                             String queryPrefix, String documentPrefix, String outputName, Execution execution,
                             String device) {
    public CheckpointSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("checkpoint id must be non-blank");
        }
        Objects.requireNonNull(kind, () -> "checkpoint '" + id + "': kind is required");
        pooling = pooling == null ? Pooling.MEAN : pooling;
        if (maxLength < 8 || maxLength > 8192) {
            throw new IllegalArgumentException("checkpoint '" + id + "': maxLength must be 8..8192, was " + maxLength);
        }
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        documentPrefix = documentPrefix == null ? "" : documentPrefix;
        if (outputName == null || outputName.isBlank()) {
            outputName = kind == CheckpointKind.EMBEDDER ? "last_hidden_state" : "logits";
        }
        execution = execution == null ? Execution.BATCHED : execution;
        device = device == null ? "cpu" : device;
        if (!device.equals("cpu") && !device.matches("cuda:\\d+")) {
            throw new IllegalArgumentException("checkpoint '" + id + "': device must be cpu or cuda:N, was " + device);
        }
    }

    public CheckpointSpec onDevice(String newDevice) {
        return new CheckpointSpec(id, kind, pooling, normalize, maxLength, queryPrefix, documentPrefix, outputName, execution,
                newDevice);
    }
}
