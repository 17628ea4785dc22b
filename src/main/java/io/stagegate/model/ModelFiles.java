package io.stagegate.model;

/** The bytes of a checkpoint: the ONNX graph and the Hugging Face tokenizer.json. */
public record ModelFiles(byte[] onnx, byte[] tokenizerJson) {
    public ModelFiles {
        if (onnx == null || onnx.length == 0) {
            throw new IllegalArgumentException("onnx bytes are empty");
        }
        if (tokenizerJson == null || tokenizerJson.length == 0) {
            throw new IllegalArgumentException("tokenizer.json bytes are empty");
        }
    }
}
