package io.stagegate.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.events.QueryEvents;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.pipeline.Gateway;
import io.stagegate.routing.SearchService;
import jakarta.enterprise.context.ApplicationScoped;
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
    SearchService searchService(Gateway gateway, QueryEvents events, ServingMetrics metrics, StagegateConfig config) {
        return new SearchService(gateway, events, metrics,
                new SearchService.Limits(config.http().defaultTimeout(), SearchService.MAX_TIMEOUT), System::nanoTime);
    }

    @Produces
    @Singleton
    DirectInference directInference(Gateway gateway) {
        return new DirectInference(gateway);
    }
}
