package io.stagegate.model;

/**
 * How items are grouped into ONNX calls.
 *
 * <p>Dynamically quantised (int8) exports compute activation scales over the whole input tensor, so an item's output
 * drifts with whatever it is batched with (cosine 0.990-0.993 measured). Such checkpoints run {@link #PER_ITEM}: every
 * item alone and unpadded, which makes results independent of co-batched traffic. fp32 exports are batch-invariant
 * (masked attention; differences below 1e-6) and run {@link #BATCHED}.
 */
public enum Execution {
    BATCHED,
    PER_ITEM
}
