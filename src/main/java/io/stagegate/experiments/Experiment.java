package io.stagegate.experiments;

import io.stagegate.StagegateException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A comparison of pairs on live traffic: A/B (each unit sticks to one arm) or team-draft interleaving (two arms, every
 * query sees one merged list), optionally with shadow pairs that run the same queries out of band. The version rises
 * whenever what a unit is assigned could change (arms, weights, mode, salt), and is carried on every event, so a
 * report never mixes traffic from two allocations without saying so.
 *
 * @param noiseFloor share of queries (0..1) on which the serving pair is shadowed against itself, to show how much
 *                   disagreement between two runs of one pair is noise
 */
public record Experiment(String id, Mode mode, List<Arm> arms, List<Shadow> shadows, double noiseFloor, String salt,
                         State state, int version, Allocation allocation) {
    public static final String ID_PATTERN = "[A-Za-z0-9._-]{1,64}";

    public enum Mode {
        AB, INTERLEAVE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode parse(String text) {
            return switch (text == null ? "" : text) {
                case "ab" -> AB;
                case "interleave" -> INTERLEAVE;
                default -> throw StagegateException.invalid("mode must be ab or interleave, was " + text);
            };
        }
    }

    public enum State {
        DRAFT, RUNNING, STOPPED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State parse(String text) {
            return switch (text == null ? "" : text) {
                case "draft" -> DRAFT;
                case "running" -> RUNNING;
                case "stopped" -> STOPPED;
                default -> throw StagegateException.invalid("state must be draft, running or stopped, was " + text);
            };
        }
    }

    /** An arm: a pair and its share of traffic (relative weight). */
    public record Arm(String pair, double weight) {
    }

    /** A pair that runs the primary's queries out of band, on a sampled share (0..1) of them. */
    public record Shadow(String pair, double sampleRate) {
    }

    public Experiment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        arms = List.copyOf(arms);
        shadows = List.copyOf(shadows);
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(allocation, "allocation");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    public Map<String, Double> weights() {
        Map<String, Double> out = new LinkedHashMap<>();
        arms.forEach(a -> out.put(a.pair(), a.weight()));
        return out;
    }

    /** Every pair the experiment serves or shadows. */
    public Set<String> pairs() {
        Set<String> out = new HashSet<>();
        arms.forEach(a -> out.add(a.pair()));
        shadows.forEach(s -> out.add(s.pair()));
        return out;
    }

    /**
     * Whether a change to {@code next} can move a unit to another arm: another mode, salt, or bucket count per arm
     * (weights 2:2 and 1:1 are the same split).
     */
    boolean assignmentDiffers(Experiment next) {
        return mode != next.mode || !salt.equals(next.salt)
                || !Allocation.counts(weights()).equals(Allocation.counts(next.weights()));
    }

    Experiment withState(State next) {
        return new Experiment(id, mode, arms, shadows, noiseFloor, salt, next, version, allocation);
    }
}
