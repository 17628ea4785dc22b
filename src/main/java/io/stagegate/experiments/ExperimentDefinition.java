package io.stagegate.experiments;

import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An experiment as a caller or the configuration writes it, before it has a version and an allocation. {@link #check}
 * refuses it naming the field; whether its pairs exist and are ready is the registry's question.
 */
public record ExperimentDefinition(String id, String mode, List<ArmDefinition> arms, List<ShadowDefinition> shadows,
                                   Double noiseFloor, String salt, String state) {

    public record ArmDefinition(String pair, Double weight) {
    }

    public record ShadowDefinition(String pair, Double sampleRate) {
    }

    /** Validates every field; returns the experiment at version 1 with a fresh allocation. */
    public Experiment check() {
        if (id == null || !id.matches(Experiment.ID_PATTERN)) {
            throw StagegateException.invalid("id must match " + Experiment.ID_PATTERN + ", was " + quoted(id));
        }
        Experiment.Mode m = Experiment.Mode.parse(mode == null ? "ab" : mode);
        boolean shadowOnly = m == Experiment.Mode.AB && arms != null && arms.size() == 1
                && ((shadows != null && !shadows.isEmpty()) || (noiseFloor != null && noiseFloor > 0));
        if (arms == null || (arms.size() < 2 && !shadowOnly)) {
            throw StagegateException.invalid("arms must name at least two pairs (one is enough when the experiment only "
                    + "shadows), named " + (arms == null ? 0 : arms.size()));
        }
        if (m == Experiment.Mode.INTERLEAVE && arms.size() != 2) {
            throw StagegateException.invalid("arms: interleave compares exactly two pairs, named " + arms.size());
        }
        Set<String> seen = new HashSet<>();
        List<Experiment.Arm> checkedArms = new ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            ArmDefinition a = arms.get(i);
            if (a == null || a.pair() == null || a.pair().isBlank()) {
                throw StagegateException.invalid("arms[" + i + "].pair must name a pair");
            }
            if (a.weight() == null && arms.size() > 1 && m == Experiment.Mode.AB) {
                throw StagegateException.invalid("arms[" + i + "].weight is required: the split is what the experiment "
                        + "tests, so no arm gets a default weight (e.g. \"weight\": 50 on every arm)");
            }
            double w = a.weight() == null ? 1.0 : a.weight();
            if (!(w > 0) || Double.isInfinite(w)) {
                throw StagegateException.invalid("arms[" + i + "].weight must be positive, was " + a.weight());
            }
            if (!seen.add(a.pair())) {
                throw StagegateException.invalid("arms[" + i + "].pair '" + a.pair() + "' is named twice");
            }
            checkedArms.add(new Experiment.Arm(a.pair(), w));
        }
        List<Experiment.Shadow> checkedShadows = new ArrayList<>();
        List<ShadowDefinition> given = shadows == null ? List.of() : shadows;
        Set<String> shadowed = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            ShadowDefinition s = given.get(i);
            if (s == null || s.pair() == null || s.pair().isBlank()) {
                throw StagegateException.invalid("shadows[" + i + "].pair must name a pair");
            }
            if (s.sampleRate() == null) {
                throw StagegateException.invalid("shadows[" + i + "].sampleRate is required: the share of queries the "
                        + "shadow pair reruns (0..1), e.g. \"sampleRate\": 0.1");
            }
            double rate = s.sampleRate();
            if (!(rate >= 0 && rate <= 1)) {
                throw StagegateException.invalid("shadows[" + i + "].sampleRate must be 0..1, was " + s.sampleRate());
            }
            if (!shadowed.add(s.pair())) {
                throw StagegateException.invalid("shadows[" + i + "].pair '" + s.pair() + "' is named twice");
            }
            checkedShadows.add(new Experiment.Shadow(s.pair(), rate));
        }
        double floor = noiseFloor == null ? 0.0 : noiseFloor;
        if (!(floor >= 0 && floor <= 1)) {
            throw StagegateException.invalid("noiseFloor must be 0..1, was " + noiseFloor);
        }
        String s = salt == null ? id : salt;
        if (s.isBlank() || s.length() > 128) {
            throw StagegateException.invalid("salt must be 1..128 characters, was " + quoted(salt));
        }
        Experiment.State st = Experiment.State.parse(state == null ? "draft" : state);
        Map<String, Double> weights = new LinkedHashMap<>();
        checkedArms.forEach(a -> weights.put(a.pair(), a.weight()));
        return new Experiment(id, m, checkedArms, checkedShadows, floor, s, st, 1, Allocation.initial(weights));
    }

    private static String quoted(String s) {
        return s == null ? "missing" : "'" + s + "'";
    }
}
