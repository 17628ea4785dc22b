package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The derived set of exported series stays true to MetricNames: every name has a meter type, every name is registered
 * by some production class, and the README's metric table lists every name.
 */
class ExportedMetricsTest {

    @Test
    void everyMetricNameHasAMeterType() {
        Map<String, String> constants = ExportedMetrics.constants();
        List<String> missing = constants.entrySet().stream().filter(e -> !ExportedMetrics.KINDS.containsKey(e.getValue()))
                .map(e -> "MetricNames." + e.getKey() + " (" + e.getValue() + ")").toList();
        assertTrue(missing.isEmpty(), missing + " have no meter type: add each to ExportedMetrics.KINDS (TIMER, HISTOGRAM, "
                + "COUNTER or GAUGE, as it is registered), so the dashboard and autoscaler checks know its Prometheus names");
        Set<String> stale = new HashSet<>(ExportedMetrics.KINDS.keySet());
        stale.removeAll(constants.values());
        assertTrue(stale.isEmpty(), "ExportedMetrics.KINDS lists names MetricNames no longer has: " + stale);
    }

    @Test
    void everyMetricNameIsRegisteredByProductionCode() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            files.filter(p -> p.toString().endsWith(".java") && !p.endsWith(Path.of("io/stagegate/observe/MetricNames.java")))
                    .forEach(p -> sources.append(read(p)));
        }
        List<String> unused = ExportedMetrics.constants().keySet().stream()
                .filter(field -> !java.util.regex.Pattern.compile("\\bMetricNames\\." + field + "\\b").matcher(sources).find())
                .toList();
        assertTrue(unused.isEmpty(), "MetricNames " + unused + " are declared but no production class registers them: "
                + "the README, the dashboard and the autoscaler would promise metrics that never appear");
    }

    @Test
    void readmeListsEveryMetric() {
        String readme = read(Path.of("README.md"));
        List<String> missing = ExportedMetrics.constants().values().stream()
                .filter(name -> !readme.contains("| `" + ExportedMetrics.prometheusName(name) + "` |"))
                .map(name -> name + " (a row \"| `" + ExportedMetrics.prometheusName(name) + "` |\")").toList();
        assertTrue(missing.isEmpty(), "README.md's metric table lacks " + missing);
    }

    @Test
    void prometheusNamesFollowMicrometersRules() {
        // Checked once against a real /q/metrics of this application (Quarkus 3.33.2, Micrometer Prometheus).
        assertEquals(List.of("stagegate_search_stage_seconds_bucket", "stagegate_search_stage_seconds_count",
                "stagegate_search_stage_seconds_sum", "stagegate_search_stage_seconds_max"),
                ExportedMetrics.series("stagegate.search.stage"));
        assertEquals(List.of("stagegate_batch_size_bucket", "stagegate_batch_size_count", "stagegate_batch_size_sum",
                "stagegate_batch_size_max"), ExportedMetrics.series("stagegate.batch.size"));
        assertEquals(List.of("stagegate_events_dropped_total"), ExportedMetrics.series("stagegate.events.dropped"));
        assertEquals(List.of("stagegate_events_spool_bytes"), ExportedMetrics.series("stagegate.events.spool.bytes"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
