/**
 * Dynamic batching of model inference: token-bounded priority queues, length-grouped batches, device gates shared by
 * the batchers of one device, cancellation and deadlines. Uses {@code model}.
 */
package io.stagegate.batch;
