package io.stagegate.app;

import io.stagegate.config.StagegateConfig;

import io.stagegate.StagegateException;
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
import java.util.Map;
import java.util.Optional;

/** Opens the experiment registry: saved experiments from the data directory, then those in configuration. */
@ApplicationScoped
public class ExperimentsProducer {

    @Produces
    @Singleton
    Experiments experiments(StagegateConfig config, Gateway gateway) {
        List<ExperimentDefinition> fromConfig = new ArrayList<>();
        config.experiments().forEach((id, x) -> fromConfig.add(definition(id, x)));
        return Experiments.open(new ExperimentStore(Path.of(config.dataDir()).resolve("experiments.json")),
                pairs(gateway), fromConfig);
    }

    static Experiments.Pairs pairs(Gateway gateway) {
        return new Experiments.Pairs() {
            @Override
            public boolean exists(String pairId) {
                return gateway.pairs().containsKey(pairId);
            }

            @Override
            public Optional<String> notReady(String pairId) {
                return gateway.notReady(pairId);
            }
        };
    }

    /** The configuration form of an experiment ({@code pair[:weight]} lists) as a definition. */
    public static ExperimentDefinition definition(String id, StagegateConfig.ExperimentConfig x) {
        List<ExperimentDefinition.ArmDefinition> arms = new ArrayList<>();
        for (String entry : x.arms()) {
            Map.Entry<String, Double> e = entry(entry, "arms");
            arms.add(new ExperimentDefinition.ArmDefinition(e.getKey(), e.getValue()));
        }
        List<ExperimentDefinition.ShadowDefinition> shadows = new ArrayList<>();
        for (String entry : x.shadows().orElse(List.of())) {
            Map.Entry<String, Double> e = entry(entry, "shadows");
            shadows.add(new ExperimentDefinition.ShadowDefinition(e.getKey(), e.getValue()));
        }
        return new ExperimentDefinition(id, x.mode().wire(), arms, shadows, x.noiseFloor(), x.salt().orElse(null),
                x.state().wire());
    }

    private static Map.Entry<String, Double> entry(String text, String field) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            return Map.entry(t, 1.0);
        }
        try {
            return Map.entry(t.substring(0, colon), Double.parseDouble(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw StagegateException.invalid(field + " entry '" + text + "' must be pair[:number]");
        }
    }
}
