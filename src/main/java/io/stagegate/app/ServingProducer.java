package io.stagegate.app;

import io.stagegate.config.PairFactory;
import io.stagegate.config.StagegateConfig;
import io.stagegate.observe.OtelSearchTracer;
import io.stagegate.observe.ServingMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.events.QueryEvents;
import io.stagegate.serving.DirectInference;
import io.stagegate.catalog.Gateway;
import io.stagegate.catalog.GatewaySearchers;
import io.stagegate.events.EventSink;
import io.stagegate.experiments.report.ExperimentLog;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.api.trace.Tracer;
import io.stagegate.observe.MetricNames;
import io.stagegate.model.CheckpointPaths;
import io.stagegate.catalog.CheckpointAdmin;
import io.stagegate.experiments.Experiments;
import io.stagegate.catalog.PairAdmin;
import io.stagegate.experiments.Router;
import io.stagegate.serving.SearchService;
import io.stagegate.pipeline.Searchers;
import io.stagegate.experiments.ShadowRunner;
import io.stagegate.events.FeedbackEvents;
import io.stagegate.serving.BodyLimit;
import io.stagegate.serving.Deadlines;
import io.stagegate.serving.DocumentService;
import io.stagegate.serving.EmbedService;
import io.stagegate.serving.FeedbackService;
import io.stagegate.serving.Refusals;
import io.stagegate.serving.RerankService;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Builds the serving layer from the configuration tree: one service per entry point (search, embed, rerank, feedback,
 * documents) sharing the deadlines and the refusal pacing, and the admin services of the catalog.
 */
@ApplicationScoped
public class ServingProducer {
    @Produces
    @Singleton
    ServingMetrics metrics(MeterRegistry registry) {
        return new ServingMetrics(registry);
    }

    @Produces
    @Singleton
    Deadlines deadlines(StagegateConfig config) {
        return new Deadlines(config.limits().defaultTimeout(), Deadlines.MAX_TIMEOUT, System::nanoTime);
    }

    /** One pacer for every unary entry point. */
    @Produces
    @Singleton
    Refusals refusals(StagegateConfig config) {
        return new Refusals(config.limits().fastRefusalsPerSecond(), config.limits().refusalHold(), System::nanoTime);
    }

    @Produces
    @Singleton
    SearchService searchService(Gateway gateway, Experiments experiments, QueryEvents events, EventSink sink,
                                ExperimentLog log, ServingMetrics metrics, StagegateConfig config, Tracer tracer,
                                Deadlines deadlines, Refusals refusals) {
        Searchers searchers = new GatewaySearchers(gateway);
        StagegateConfig.RoutingConfig r = config.routing();
        ShadowRunner shadows = new ShadowRunner(searchers, EventsProducer.recording(sink, log), metrics,
                new ShadowRunner.Settings(r.shadowMaxInFlight(), r.shadowTimeout(), r.shadowShedAboveInteractive()),
                System::nanoTime, Clock.systemUTC(), gateway::interactiveLoad);
        metrics.watch(shadows);
        return new SearchService(searchers, new Router(experiments, gateway::pair, gateway::defaultPair), shadows, events,
                metrics, new OtelSearchTracer(tracer, Clock.systemUTC()), deadlines, refusals, gateway::defaultPair,
                System::nanoTime);
    }

    @Produces
    @Singleton
    EmbedService embedService(Gateway gateway, StagegateConfig config, Deadlines deadlines, Refusals refusals) {
        return new EmbedService(new DirectInference(gateway), () -> gateway.pair(gateway.defaultPair()).embedder(),
                config.limits().maxEmbeddingInputs(), deadlines, refusals);
    }

    @Produces
    @Singleton
    RerankService rerankService(Gateway gateway, StagegateConfig config, Deadlines deadlines, Refusals refusals) {
        return new RerankService(new DirectInference(gateway), () -> gateway.pair(gateway.defaultPair()).reranker(),
                config.limits().maxRerankDocuments(), deadlines, refusals);
    }

    @Produces
    @Singleton
    FeedbackService feedbackService(FeedbackEvents events, StagegateConfig config) {
        return new FeedbackService(events, config.limits().maxFeedbackPerRequest());
    }

    @Produces
    @Singleton
    DocumentService documentService(Gateway gateway, StagegateConfig config, ServingMetrics metrics) {
        return new DocumentService(gateway.store(), gateway.ingestor(), gateway.executors().ingest(),
                config.limits().maxDocumentsPerRequest(), metrics::ingested);
    }

    /** Read by the transports' body-size checks, which run also in the one-shot CLI commands. */
    @Produces
    @Singleton
    BodyLimit bodyLimit(StagegateConfig config) {
        return new BodyLimit(config.limits().maxBodyBytes());
    }

    @Produces
    @Singleton
    PairAdmin pairAdmin(Gateway gateway, Experiments experiments, StagegateConfig config) {
        List<String> lexical = PairFactory.lexical(config);
        return new PairAdmin(gateway, experiments::using, Path.of(config.dataDir()).resolve("pairs.json"),
                config.pairs().keySet(), d -> d.toPair(lexical));
    }

    void close(@Disposes PairAdmin admin) {
        admin.close();
    }

    @Produces
    @Singleton
    CheckpointAdmin checkpointAdmin(Gateway gateway, StagegateConfig config, MeterRegistry registry) {
        CheckpointAdmin admin = new CheckpointAdmin(gateway, config.modelsRoot().map(r -> new CheckpointPaths(Path.of(r))),
                Path.of(config.dataDir()).resolve("checkpoints.json"), config.checkpoints().keySet());
        Gauge.builder(MetricNames.CHECKPOINT_BACKFILL_PENDING, admin, CheckpointAdmin::pendingDocuments)
                .description("Documents still to embed for checkpoints registered at runtime").register(registry);
        return admin;
    }

    void close(@Disposes CheckpointAdmin admin) {
        admin.close();
    }
}
