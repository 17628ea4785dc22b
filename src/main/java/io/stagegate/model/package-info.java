/**
 * Loading and running ONNX checkpoints (embedders, cross-encoders) and their tokenizers, with exact-parity WordPiece
 * in plain Java. Plain synchronous Java; uses nothing of ours beyond the vocabulary.
 */
package io.stagegate.model;
