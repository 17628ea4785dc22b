/**
 * One search on one pair: {@link io.stagegate.pipeline.SearchPipeline} is the only class that knows the stage order
 * (embed, first stage, second stage, top N), composed with Mutiny over plain synchronous stage cores on named
 * executors. Uses {@code batch}, {@code index}, {@code model}.
 */
package io.stagegate.pipeline;
