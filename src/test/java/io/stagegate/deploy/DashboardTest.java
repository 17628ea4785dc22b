package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagegate.ErrorKind;
import io.stagegate.batch.BatchListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the autoscaler's adapter rule name only metrics the application exports, with label
 * values it can produce, and the dashboard shows what operators need (stage latency, batching, queue delay, refusals,
 * events, shadow agreement).
 */
class DashboardTest {
    static final Path DASHBOARD = K8sManifestsTest.K8S.resolve("grafana/stagegate-dashboard.json");

    /** Label values the application produces, for the labels the queries match literally. */
    static final Map<String, Set<String>> LABEL_VALUES = Map.of(
            "stagegate_search_requests_total/outcome", outcomes(),
            "stagegate_batch_dropped_total/reason", lower(BatchListener.Outcome.values()),
            "stagegate_events_dropped_total/reason", Set.of("spool_full", "buffer_full"),
            // ServingMetrics' stages
            "stagegate_search_stage_seconds_bucket/stage", Set.of("embed", "ann", "rerank", "total"));

    @Test
    void everyDashboardQueryNamesExportedMetricsAndRealLabelValues() throws IOException {
        Map<String, String> queries = queries(new ObjectMapper().readTree(DASHBOARD.toFile()));
        assertFalse(queries.isEmpty(), DASHBOARD + " has no queries");
        Set<String> exported = ExportedMetrics.all();
        List<String> problems = new ArrayList<>();
        queries.forEach((where, expr) -> {
            Map<String, Map<String, Set<String>>> selectors = where.startsWith("variable")
                    ? PromQl.variableMetrics(expr).stream().collect(Collectors.toMap(m -> m, m -> Map.of()))
                    : PromQl.selectors(expr);
            if (selectors.isEmpty()) {
                problems.add(where + ": no metric found in " + expr);
            }
            selectors.forEach((metric, labels) -> {
                if (!exported.contains(metric)) {
                    problems.add(where + ": " + metric + " is not exported by the application");
                }
                labels.forEach((label, values) -> {
                    Set<String> known = LABEL_VALUES.get(metric + "/" + label);
                    if (known != null && !known.containsAll(values)) {
                        problems.add(where + ": " + metric + "{" + label + "=" + values + "} never occurs; values: " + known);
                    }
                });
            });
        });
        assertTrue(problems.isEmpty(), "Grafana dashboard " + DASHBOARD + ":\n  " + String.join("\n  ", problems)
                + "\nExported: " + exported);
    }

    @Test
    void adapterRuleForTheAutoscalerNamesExportedMetrics() {
        Set<String> exported = ExportedMetrics.all();
        List<String> queries = K8sManifestsTest.AdapterRules.queries();
        assertFalse(queries.isEmpty(), K8sManifestsTest.AdapterRules.FILE + " has no rules");
        for (String q : queries) {
            Set<String> metrics = PromQl.metrics(q);
            assertFalse(metrics.isEmpty(), K8sManifestsTest.AdapterRules.FILE + ": no metric in " + q);
            for (String m : metrics) {
                assertTrue(exported.contains(m), K8sManifestsTest.AdapterRules.FILE + ": " + m
                        + " is not exported by the application (exported: " + exported + ")");
            }
        }
    }

    @Test
    void dashboardCoversWhatOperatorsNeed() throws IOException {
        Set<String> used = new TreeSet<>();
        queries(new ObjectMapper().readTree(DASHBOARD.toFile())).forEach((where, expr) -> used.addAll(
                where.startsWith("variable") ? PromQl.variableMetrics(expr) : PromQl.metrics(expr)));
        Map<String, List<String>> needs = new LinkedHashMap<>();
        needs.put("per-stage latency", List.of("stagegate_search_stage_seconds_bucket"));
        needs.put("batch sizes", List.of("stagegate_batch_size_bucket", "stagegate_batch_size_sum"));
        needs.put("queue delay", List.of("stagegate_batch_queue_wait_seconds_bucket", "stagegate_batch_queue_wait_seconds_sum"));
        needs.put("refusals", List.of("stagegate_batch_dropped_total", "stagegate_search_requests_total"));
        needs.put("events", List.of("stagegate_events_published_total", "stagegate_events_spooled_total",
                "stagegate_events_dropped_total", "stagegate_events_spool_pending"));
        needs.put("shadow agreement", List.of("stagegate_shadow_overlap_sum", "stagegate_shadow_rbo_sum",
                "stagegate_shadow_runs_total"));
        needs.forEach((what, metrics) -> assertTrue(used.containsAll(metrics),
                DASHBOARD + " must show " + what + " (" + metrics + "); it uses " + used));
    }

    @Test
    void panelsHaveUniqueIdsAndUseTheDatasourceVariable() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : root.path("panels")) {
            assertTrue(ids.add(p.path("id").asInt()), DASHBOARD + ": panel id " + p.path("id") + " appears twice");
            if (!p.path("type").asText().equals("row")) {
                assertEquals("${datasource}", p.path("datasource").path("uid").asText(),
                        DASHBOARD + ": panel '" + p.path("title").asText() + "' must use the ${datasource} variable");
            }
        }
    }

    /** Every PromQL expression in the dashboard, keyed by where it is (panel title and refId, or variable name). */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode p : dashboard.path("panels")) {
            for (JsonNode t : p.path("targets")) {
                out.put("panel '" + p.path("title").asText() + "' " + t.path("refId").asText(), t.path("expr").asText());
            }
            for (JsonNode nested : p.path("panels")) {
                for (JsonNode t : nested.path("targets")) {
                    out.put("panel '" + nested.path("title").asText() + "' " + t.path("refId").asText(),
                            t.path("expr").asText());
                }
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                out.put("variable " + v.path("name").asText(), q.isTextual() ? q.asText() : q.path("query").asText());
            }
        }
        return out;
    }

    private static Set<String> outcomes() {
        Set<String> out = lower(ErrorKind.values());
        out.add("ok");
        return out;
    }

    private static Set<String> lower(Enum<?>[] values) {
        return Arrays.stream(values).map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
    }
}
