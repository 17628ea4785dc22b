package io.stagegate.config;

import io.stagegate.StagegateException;
import io.stagegate.experiments.ExperimentDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@code stagegate.experiments.<id>.*} as the definition the admin API also takes. */
public final class ExperimentFactory {
    private ExperimentFactory() {
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
