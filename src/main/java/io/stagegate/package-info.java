/**
 * The vocabulary every package shares, and nothing else: requests and results ({@link io.stagegate.SearchCall}, {@link
 * io.stagegate.SearchRequest}, {@link io.stagegate.SearchResult}), pairs ({@link io.stagegate.CheckpointPair}, {@link
 * io.stagegate.Retriever}, {@link io.stagegate.Fusion}, {@link io.stagegate.SecondStage}), deadlines, priorities, the
 * caller, and the one error type ({@link io.stagegate.StagegateException} with its {@link io.stagegate.ErrorKind}).
 *
 * <p>One search flows top to bottom: a transport ({@code api.http}, {@code api.grpc}) maps the wire to a {@code
 * SearchCall} and hands it to {@code serving.SearchService}, which asks {@code experiments.Router} for the pair,
 * applies limits and the deadline and runs that pair's {@code pipeline.SearchPipeline} (assembled by {@code catalog}:
 * embed, first stage over {@code index}, second stage, each model behind a {@code batch} batcher running a {@code
 * model}); then it records metrics ({@code observe}) and the query event ({@code events}) and starts the shadow runs.
 * {@code app} wires it all from {@code config}; {@code cli} runs the commands. Imports nothing of ours.
 */
package io.stagegate;
