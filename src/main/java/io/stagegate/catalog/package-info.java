/**
 * What is served: one batcher per checkpoint version ({@link io.stagegate.catalog.Batchers}), which version an id
 * names ({@link io.stagegate.catalog.CheckpointVersions}), pairs assembled into pipelines ({@link
 * io.stagegate.catalog.PipelineAssembler}, {@link io.stagegate.catalog.PairRegistry}), readiness, backfills, version
 * rollouts, and the admin services for pairs and checkpoints. {@link io.stagegate.catalog.Gateway} holds the parts.
 * Uses {@code pipeline}, {@code batch}, {@code index}, {@code model}, {@code control}.
 */
package io.stagegate.catalog;
