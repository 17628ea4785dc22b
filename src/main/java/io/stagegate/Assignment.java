package io.stagegate;

import java.util.List;
import java.util.Objects;

/**
 * How a query came to be served by its pair: named by the caller ({@link Kind#FORCED}), the default pair (no running
 * experiment), or an experiment's arm chosen by the sticky hash of a unit. Carried in responses and query events so
 * every served query can be attributed to the arm that produced it.
 *
 * @param experiment the experiment id; null unless {@code kind} is EXPERIMENT
 * @param version    the experiment's version (bumped whenever its allocation changes); 0 without an experiment
 * @param arm        the arm's pair id (for interleaving, "interleave": both arms contributed); null without an experiment
 * @param unit       what the hash was computed over; null without an experiment
 * @param arms       the experiment's arms in its definition's order, control first (one arm: it only shadows); empty
 *                   without an experiment. Query events carry it, so an offline report takes the same control arm as
 *                   the live one
 * @param shares     each arm's share of units under this version's allocation, in {@code arms} order (what the
 *                   sample-ratio check expects); empty without an experiment
 */
public record Assignment(Kind kind, String experiment, int version, String arm, UnitKind unit, List<String> arms,
                         List<Double> shares) {
    public enum Kind {
        DEFAULT, FORCED, EXPERIMENT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The caller-supplied identity an arm sticks to: client id, else session id, else the request itself. */
    public enum UnitKind {
        CLIENT, SESSION, REQUEST;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Assignment DEFAULT = new Assignment(Kind.DEFAULT, null, 0, null, null);
    public static final Assignment FORCED = new Assignment(Kind.FORCED, null, 0, null, null);

    public Assignment(Kind kind, String experiment, int version, String arm, UnitKind unit) {
        this(kind, experiment, version, arm, unit, List.of(), List.of());
    }

    public Assignment {
        Objects.requireNonNull(kind, "kind");
        arms = arms == null ? List.of() : List.copyOf(arms);
        shares = shares == null ? List.of() : List.copyOf(shares);
        if ((kind == Kind.EXPERIMENT) != (experiment != null)) {
            throw new IllegalArgumentException("experiment must be set exactly when kind is EXPERIMENT, was " + experiment);
        }
        if (kind == Kind.EXPERIMENT && (arm == null || unit == null || version < 1)) {
            throw new IllegalArgumentException("an experiment assignment needs an arm, a unit and a version >= 1");
        }
    }

    public static Assignment experiment(String experiment, int version, String arm, UnitKind unit) {
        return new Assignment(Kind.EXPERIMENT, experiment, version, arm, unit);
    }

    public static Assignment experiment(String experiment, int version, String arm, UnitKind unit, List<String> arms) {
        return new Assignment(Kind.EXPERIMENT, experiment, version, arm, unit, arms, List.of());
    }

    public static Assignment experiment(String experiment, int version, String arm, UnitKind unit, List<String> arms,
                                        List<Double> shares) {
        return new Assignment(Kind.EXPERIMENT, experiment, version, arm, unit, arms, shares);
    }
}
