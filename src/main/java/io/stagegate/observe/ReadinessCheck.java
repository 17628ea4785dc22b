package io.stagegate.observe;

import io.stagegate.catalog.Gateway;
import io.stagegate.experiments.Experiments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every pair traffic can reach without naming it is ready: the default pair and the running experiment's
 * arms and shadows. A pair created at runtime and still being backfilled is reported, but does not take the instance
 * out of service. Each pair's state is in the check's data. A replica that replays the documents topic
 * (stagegate.index.replication=kafka) is not ready until it has caught up with the end offsets it saw at start.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    Gateway gateway;

    @Inject
    Experiments experiments;

    @Inject
    io.stagegate.catalog.CheckpointAdmin checkpoints;

    @Override
    public HealthCheckResponse call() {
        List<String> unready = new ArrayList<>();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("pairs").withData("documents", gateway.store().size())
                .withData("default", gateway.defaultPair());
        for (String id : gateway.pairs().keySet()) {
            var why = gateway.notReady(id);
            b.withData("pair." + id, why.map(w -> "building: " + w).orElse("ready"));
            // The running experiment's pairs are reported once, below, as what the experiment waits for.
            if (why.isPresent() && id.equals(gateway.defaultPair())) {
                unready.add(id + " (" + why.get() + ")");
            }
        }
        checkpoints.inProgress().forEach((id, what) -> b.withData("checkpoint." + id, "backfilling " + what));
        experiments.waiting().ifPresent(why -> {
            b.withData("experiment", why);
            unready.add(why);
        });
        var corpus = gateway.readiness().corpusNotReady();
        if (corpus.isPresent()) {
            b.withData("corpus", corpus.get());
            unready.add(0, "corpus (" + corpus.get() + ")");
        }
        return b.status(unready.isEmpty()).withData("unready", String.join("; ", unready)).build();
    }
}
