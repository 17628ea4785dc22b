package io.stagegate.experiments.report;

import io.stagegate.stats.ChiSquare;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sample-ratio check (Fabijan et al., KDD 2019): within one version, the units each arm received against the
 * shares its allocation promised. A mismatch means the assignment or the logging is broken (a bot in one arm, a
 * client that drops events on one arm's errors, a cache in front of one arm), and then no difference is trustworthy.
 * Units, not queries, are counted: an arm whose users search more has more queries without anything being wrong.
 */
final class SampleRatio {
    /** p below which the check fails: strict, because it runs on every report of every experiment, often. */
    static final double ALPHA = 0.001;

    private SampleRatio() {
    }

    /**
     * One check per version whose events carry the allocation's shares for at least two arms; failed queries count,
     * since their units were assigned too.
     */
    static List<ExperimentReport.Srm> check(Iterable<ReportInput.Query> queries) {
        Map<Integer, List<ReportInput.Query>> byVersion = new java.util.TreeMap<>();
        for (ReportInput.Query q : queries) {
            if (!"interleave".equals(q.arm())) {
                byVersion.computeIfAbsent(q.version(), k -> new ArrayList<>()).add(q);
            }
        }
        List<ExperimentReport.Srm> out = new ArrayList<>();
        byVersion.forEach((version, qs) -> {
            ReportInput.Query withShares = qs.stream()
                    .filter(q -> q.armShares().size() == q.definedArms().size() && q.armShares().size() >= 2)
                    .findFirst().orElse(null);
            if (withShares != null) {
                out.add(of(version, withShares.definedArms(), withShares.armShares(), qs));
            }
        });
        return out;
    }

    private static ExperimentReport.Srm of(int version, List<String> arms, List<Double> shares,
                                           List<ReportInput.Query> qs) {
        Map<String, Set<String>> units = new LinkedHashMap<>();
        arms.forEach(a -> units.put(a, new HashSet<>()));
        List<String> names = new ArrayList<>(arms);
        List<Double> expected = new ArrayList<>(shares);
        for (ReportInput.Query q : qs) {
            if (!units.containsKey(q.arm())) {
                names.add(q.arm());
                expected.add(0.0);
                units.put(q.arm(), new HashSet<>());
            }
            units.get(q.arm()).add(q.unit());
        }
        long[] observed = names.stream().mapToLong(a -> units.get(a).size()).toArray();
        ChiSquare.Result r = ChiSquare.goodnessOfFit(observed, expected.stream().mapToDouble(Double::doubleValue).toArray());
        return new ExperimentReport.Srm(version, List.copyOf(names), java.util.Arrays.stream(observed).boxed().toList(),
                List.copyOf(expected), r.statistic(), r.pValue(), r.pValue() < ALPHA);
    }
}
