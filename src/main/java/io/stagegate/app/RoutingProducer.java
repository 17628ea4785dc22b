package io.stagegate.app;

import io.stagegate.catalog.PairDefinitions;
import io.stagegate.catalog.PairFactory;
import io.stagegate.config.StagegateConfig;
import io.stagegate.observe.OtelSearchTracer;
import io.stagegate.observe.ServingMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.catalog.Gateway;
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
import io.stagegate.serving.Searchers;
import io.stagegate.experiments.ShadowRunner;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the one serving path ({@link SearchService}) and its metrics from the configuration tree. */
@ApplicationScoped
public class RoutingProducer {
    @Produces
    @Singleton
    ServingMetrics metrics(MeterRegistry registry) {
        return new ServingMetrics(registry);
    }

    @Produces
    @Singleton
    SearchService searchService(Gateway gateway, Experiments experiments, QueryEvents events, EventSink sink,
                                ExperimentLog log, ServingMetrics metrics, StagegateConfig config, Tracer tracer) {
        Searchers searchers = Searchers.of(gateway);
        StagegateConfig.RoutingConfig r = config.routing();
        ShadowRunner shadows = new ShadowRunner(searchers, EventsProducer.recording(sink, log), metrics,
                new ShadowRunner.Settings(r.shadowMaxInFlight(), r.shadowTimeout(), r.shadowShedAboveInteractive()),
                System::nanoTime, Clock.systemUTC(), gateway::interactiveLoad);
        metrics.watch(shadows);
        return new SearchService(searchers, new Router(experiments, gateway::pair, gateway::defaultPair), shadows, events,
                metrics, new OtelSearchTracer(tracer, Clock.systemUTC()),
                new SearchService.Limits(config.limits().defaultTimeout(), SearchService.MAX_TIMEOUT,
                        config.limits().fastRefusalsPerSecond(), config.limits().refusalHold()),
                gateway::defaultPair, System::nanoTime);
    }

    @Produces
    @Singleton
    PairAdmin pairAdmin(Gateway gateway, Experiments experiments, StagegateConfig config) {
        List<String> lexical = PairFactory.lexical(config);
        return new PairAdmin(gateway, experiments, Path.of(config.dataDir()).resolve("pairs.json"),
                config.pairs().keySet(), d -> PairDefinitions.pair(d, lexical));
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

    @Produces
    @Singleton
    DirectInference directInference(Gateway gateway) {
        return new DirectInference(gateway);
    }
}
