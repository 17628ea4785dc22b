package io.stagegate.experiments;

import io.stagegate.SearchCall;

import io.stagegate.Assignment;
import io.stagegate.CheckpointPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides which pair (or pairs) serve a call: the pair the caller names; else the running experiment's arm for the
 * call's unit (client id, else session id, else the request itself), or both arms when it interleaves; else the
 * default pair. Also decides, per request and reproducibly, which shadow pairs run it. Plain Java, no clock, no I/O.
 */
public final class Router {
    private final Experiments experiments;
    private final Function<String, CheckpointPair> pairs;
    private final Supplier<String> defaultPair;

    /** A decision about one call. */
    public record Route(Assignment assignment, CheckpointPair primary, Optional<CheckpointPair> interleaveWith,
                        long interleaveSeed, List<ShadowPlan> shadows, Optional<Experiment> experiment) {
    }

    /** A shadow run: the pair, and whether it is the serving pair against itself (the noise floor). */
    public record ShadowPlan(CheckpointPair pair, boolean noiseFloor) {
    }

    public Router(Experiments experiments, Function<String, CheckpointPair> pairs, Supplier<String> defaultPair) {
        this.experiments = experiments;
        this.pairs = pairs;
        this.defaultPair = defaultPair;
    }

    public Route route(SearchCall call) {
        if (call.pair().isPresent()) {
            return simple(Assignment.FORCED, pairs.apply(call.pair().get()));
        }
        Optional<Experiment> running = experiments.running();
        if (running.isEmpty()) {
            return simple(Assignment.DEFAULT, pairs.apply(defaultPair.get()));
        }
        Experiment x = running.get();
        if (!experiments.takingTraffic(x)) {
            return simple(Assignment.DEFAULT, pairs.apply(defaultPair.get()));
        }
        Assignment.UnitKind kind;
        String unit;
        if (call.caller().clientId() != null) {
            kind = Assignment.UnitKind.CLIENT;
            unit = call.caller().clientId();
        } else if (call.caller().sessionId() != null) {
            kind = Assignment.UnitKind.SESSION;
            unit = call.caller().sessionId();
        } else {
            kind = Assignment.UnitKind.REQUEST;
            unit = call.requestId();
        }
        List<ShadowPlan> shadows = new ArrayList<>();
        for (Experiment.Shadow s : x.shadows()) {
            if (sampled(x.salt() + "/shadow/" + s.pair(), call.requestId(), s.sampleRate())) {
                shadows.add(new ShadowPlan(pairs.apply(s.pair()), false));
            }
        }
        if (x.mode() == Experiment.Mode.INTERLEAVE) {
            CheckpointPair first = pairs.apply(x.arms().get(0).pair());
            CheckpointPair second = pairs.apply(x.arms().get(1).pair());
            if (sampled(x.salt() + "/noise-floor", call.requestId(), x.noiseFloor())) {
                shadows.add(new ShadowPlan(first, true));
            }
            long seed = Integer.toUnsignedLong(Buckets.fnv1a(x.salt() + "/interleave/" + call.requestId()));
            return new Route(assignment(x, "interleave", kind), first, Optional.of(second),
                    seed, shadows, running);
        }
        String arm = x.allocation().armOf(Buckets.bucket(x.salt(), unit));
        CheckpointPair primary = pairs.apply(arm);
        if (sampled(x.salt() + "/noise-floor", call.requestId(), x.noiseFloor())) {
            shadows.add(new ShadowPlan(primary, true));
        }
        return new Route(assignment(x, arm, kind), primary, Optional.empty(), 0, shadows,
                running);
    }

    private Assignment assignment(Experiment x, String arm, Assignment.UnitKind kind) {
        Shape sh = shape(x);
        return Assignment.experiment(x.id(), x.version(), arm, kind, sh.arms(), sh.shares());
    }

    /** An experiment version's arms (definition order) and their shares of units, as query events record them. */
    private record Shape(Experiment of, List<String> arms, List<Double> shares) {
    }

    private volatile Shape shape;

    /**
     * The arms and the allocation's bucket counts as shares (what units per arm should converge to, rounding
     * included), computed once per experiment version (an immutable record), not per request.
     */
    private Shape shape(Experiment x) {
        Shape cached = shape;
        if (cached != null && cached.of() == x) {
            return cached;
        }
        java.util.Map<String, Integer> counts = x.allocation().counts();
        Shape next = new Shape(x, x.arms().stream().map(Experiment.Arm::pair).toList(),
                x.arms().stream().map(a -> counts.getOrDefault(a.pair(), 0) / (double) Buckets.COUNT).toList());
        shape = next;
        return next;
    }

    private static Route simple(Assignment assignment, CheckpointPair pair) {
        return new Route(assignment, pair, Optional.empty(), 0, List.of(), Optional.empty());
    }

    /** A reproducible draw per request: the same request id is sampled (or not) on every replica. */
    private static boolean sampled(String salt, String requestId, double rate) {
        return rate > 0 && Buckets.bucket(salt, requestId) < rate * Buckets.COUNT;
    }
}
