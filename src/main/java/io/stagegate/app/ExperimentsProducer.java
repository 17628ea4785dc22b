package io.stagegate.app;

import io.stagegate.config.ExperimentFactory;
import io.stagegate.config.StagegateConfig;

import io.stagegate.catalog.Gateway;
import io.stagegate.experiments.ExperimentDefinition;
import io.stagegate.experiments.ExperimentStore;
import io.stagegate.experiments.Experiments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Opens the experiment registry: saved experiments from the data directory, then those in configuration. */
@ApplicationScoped
public class ExperimentsProducer {

    @Produces
    @Singleton
    Experiments experiments(StagegateConfig config, Gateway gateway) {
        List<ExperimentDefinition> fromConfig = new ArrayList<>();
        config.experiments().forEach((id, x) -> fromConfig.add(ExperimentFactory.definition(id, x)));
        return Experiments.open(new ExperimentStore(Path.of(config.dataDir()).resolve("experiments.json")),
                pairs(gateway), fromConfig);
    }

    static Experiments.Pairs pairs(Gateway gateway) {
        return new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return gateway.registry().contains(pairId);
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return gateway.notReady(pairId);
            }
        };
    }
}
