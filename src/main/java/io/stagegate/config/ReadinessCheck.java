package io.stagegate.config;

import io.stagegate.pipeline.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every pair's embedder index covers the corpus. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    Gateway gateway;

    @Override
    public HealthCheckResponse call() {
        var unready = gateway.unreadyPairs();
        return HealthCheckResponse.named("pairs")
                .status(unready.isEmpty())
                .withData("documents", gateway.store().size())
                .withData("pairs", String.join(", ", gateway.pairs().keySet()))
                .withData("unready", String.join("; ", unready))
                .build();
    }
}
