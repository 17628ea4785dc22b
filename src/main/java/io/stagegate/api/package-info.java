/**
 * Transports: wire formats to the vocabulary and back, nothing else. May use {@code serving} and the vocabulary; never
 * {@code config} or {@code app}.
 */
package io.stagegate.api;
