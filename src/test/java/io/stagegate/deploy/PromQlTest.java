package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PromQL reader the dashboard and adapter checks rely on, on the shapes they use. */
class PromQlTest {
    @Test
    void findsMetricNamesNotFunctionsAggregationsLabelsOrVariables() {
        assertEquals(Set.of("stagegate_search_stage_seconds_bucket"), PromQl.metrics("histogram_quantile(0.95, sum by (pair, le) "
                + "(rate(stagegate_search_stage_seconds_bucket{namespace=~\"$namespace\", stage=~\"$stage\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_sum", "a_count"), PromQl.metrics("sum(rate(a_sum{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>) / "
                + "clamp_min(sum(rate(a_count{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>), 1e-9)"));
        assertEquals(Set.of("x_total", "y"), PromQl.metrics("1 - x_total / on (pod) group_left y offset 5m"));
        assertEquals(Set.of("x"), PromQl.metrics("label_replace(x, \"dst\", \"$1\", \"src\", \"(.*)\")"));
    }

    @Test
    void readsLiteralEqualityMatchers() {
        assertEquals(Map.of("x_total", Map.of("outcome", Set.of("overloaded"))),
                PromQl.selectors("sum(rate(x_total{pair=~\"$pair\", outcome=\"overloaded\", stage!=\"ann\"}[5m]))"));
    }

    @Test
    void readsGrafanaVariableQueries() {
        assertEquals(Set.of("x_count"), PromQl.variableMetrics("label_values(x_count{namespace=~\"$namespace\"}, pair)"));
        assertEquals(Set.of("up"), PromQl.variableMetrics("query_result(sum by (job) (up))"));
    }
}
