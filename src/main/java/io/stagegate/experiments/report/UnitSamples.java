package io.stagegate.experiments.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One experiment version's traffic folded per randomisation unit, the independent draws of the analysis: for each
 * unit its arm and sums (queries, clicked queries, first-click reciprocal ranks, abandoned, zero-result, failed),
 * its latencies, and its pre-period sums from the queries it sent outside the experiment within the CUPED window.
 * A unit seen in two arms of one version (which sticky assignment cannot produce) is counted and left out.
 */
final class UnitSamples {
    /** One unit's sums; {@code prior*} are NaN-free counts, {@code priorQueries == 0} meaning no history. */
    static final class Unit {
        final String id;
        final String arm;
        double queries;
        double served;
        double clicked;
        double reciprocalRanks;
        double zeroResults;
        double errors;
        double timeouts;
        final List<Double> latencies = new ArrayList<>();
        double priorQueries;
        double priorClicked;
        double priorReciprocalRanks;

        Unit(String id, String arm) {
            this.id = id;
            this.arm = arm;
        }
    }

    final int version;
    final Map<String, List<Unit>> byArm = new LinkedHashMap<>();
    final long unitsInSeveralArms;
    final long startMs;

    private UnitSamples(int version, long unitsInSeveralArms, long startMs) {
        this.version = version;
        this.unitsInSeveralArms = unitsInSeveralArms;
        this.startMs = startMs;
    }

    /**
     * @param order     arms, control first; units of other arms follow in order of appearance
     * @param queries   the version's queries (A/B: not interleaved)
     */
    static UnitSamples of(int version, List<String> order, List<ReportInput.Query> queries, ReportInput input,
                          long experimentStartMs, java.time.Duration cupedWindow) {
        Map<String, Unit> units = new LinkedHashMap<>();
        java.util.Set<String> mixed = new java.util.HashSet<>();
        for (ReportInput.Query q : queries) {
            Unit u = units.computeIfAbsent(q.unit(), k -> new Unit(k, q.arm()));
            if (!u.arm.equals(q.arm())) {
                mixed.add(q.unit());
                continue;
            }
            u.queries++;
            switch (q.outcome()) {
                case ReportInput.Query.OK -> {
                    u.served++;
                    int first = ReportBuilder.firstClickPosition(q, input.clicksOf(q.queryId()));
                    if (first > 0) {
                        u.clicked++;
                        u.reciprocalRanks += 1.0 / first;
                    }
                    if (q.shown().isEmpty()) {
                        u.zeroResults++;
                    }
                    u.latencies.add(q.totalMs());
                }
                case io.stagegate.events.QueryEvent.OUTCOME_TIMEOUT -> u.timeouts++;
                default -> u.errors++;
            }
        }
        UnitSamples out = new UnitSamples(version, mixed.size(), experimentStartMs);
        order.forEach(a -> out.byArm.put(a, new ArrayList<>()));
        long from = experimentStartMs - cupedWindow.toMillis();
        for (Unit u : units.values()) {
            if (mixed.contains(u.id)) {
                continue;
            }
            for (ReportInput.Prior p : input.priorsOf(u.id)) {
                if (p.timestampMs() >= from && p.timestampMs() < experimentStartMs) {
                    u.priorQueries++;
                    int first = ReportBuilder.firstClickPosition(p.shown(), input.clicksOf(p.queryId()));
                    if (first > 0) {
                        u.priorClicked++;
                        u.priorReciprocalRanks += 1.0 / first;
                    }
                }
            }
            out.byArm.computeIfAbsent(u.arm, k -> new ArrayList<>()).add(u);
        }
        out.byArm.values().removeIf(List::isEmpty);
        return out;
    }

    long units(String arm) {
        return byArm.getOrDefault(arm, List.of()).size();
    }

    /** One per-unit quantity of an arm's units, in unit order. */
    static double[] column(List<Unit> units, java.util.function.ToDoubleFunction<Unit> f) {
        double[] out = new double[units.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(units.get(i));
        }
        return out;
    }
}
