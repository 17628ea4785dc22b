/**
 * The one path behind every transport, for search, embed, rerank, feedback and documents: routing hand-off, limits,
 * deadlines ({@link io.stagegate.serving.Deadlines}), default models, refusal pacing ({@link
 * io.stagegate.serving.Refusals}), metrics and events, once. Uses {@code experiments}, {@code catalog}, {@code
 * pipeline}, {@code events}; knows no transport.
 */
package io.stagegate.serving;
