package io.stagegate.model;

/** What a checkpoint computes. */
public enum CheckpointKind {
    /** Bi-encoder: text to one normalised vector. */
    EMBEDDER,
    /** Sequence classifier over a (query, document) pair. */
    CROSS_ENCODER
}
