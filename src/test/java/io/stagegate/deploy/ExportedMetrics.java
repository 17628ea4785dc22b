package io.stagegate.deploy;

import io.stagegate.observe.MetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus series names the gateway exports, derived from {@link MetricNames} and the meter type each name is
 * registered as. Micrometer's Prometheus naming: dots become underscores; a timer gets its unit, {@code _seconds};
 * a counter gets {@code _total}; a timer or distribution summary (ours all publish histograms) becomes the series
 * {@code _bucket}, {@code _count} and {@code _sum} plus a {@code _max} gauge; a gauge keeps its name (a base unit is
 * appended unless the name already ends with it; the one gauge with a unit, spool bytes, does). Checked against a real
 * /q/metrics when written.
 */
final class ExportedMetrics {
    enum Kind {
        TIMER("_seconds", "_bucket", "_count", "_sum", "_max"),
        HISTOGRAM("", "_bucket", "_count", "_sum", "_max"),
        COUNTER("_total", ""),
        GAUGE("", "");

        /** What the unit or type adds to the base name: the name Prometheus' TYPE line shows. */
        final String nameSuffix;
        /** The series of that name. */
        final List<String> seriesSuffixes;

        Kind(String nameSuffix, String... seriesSuffixes) {
            this.nameSuffix = nameSuffix;
            this.seriesSuffixes = List.of(seriesSuffixes);
        }
    }

    /** The meter type of every name in MetricNames: where it is registered says which (config.*Metrics, *Producer). */
    static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry(MetricNames.SEARCH_STAGE, Kind.TIMER),
            Map.entry(MetricNames.SEARCH_REQUESTS, Kind.COUNTER),
            Map.entry(MetricNames.ROUTING_ASSIGNMENTS, Kind.COUNTER),
            Map.entry(MetricNames.SHADOW_RUNS, Kind.COUNTER),
            Map.entry(MetricNames.SHADOW_OVERLAP, Kind.HISTOGRAM),
            Map.entry(MetricNames.SHADOW_RBO, Kind.HISTOGRAM),
            Map.entry(MetricNames.SHADOW_IN_FLIGHT, Kind.GAUGE),
            Map.entry(MetricNames.EXPERIMENT_SRM_P_VALUE, Kind.GAUGE),
            Map.entry(MetricNames.INGESTED, Kind.COUNTER),
            Map.entry(MetricNames.REPLICATION_LAG, Kind.GAUGE),
            Map.entry(MetricNames.DOCUMENT_CACHE, Kind.COUNTER),
            Map.entry(MetricNames.DOCUMENT_CACHE_BYTES, Kind.GAUGE),
            Map.entry(MetricNames.REPLICATION_APPLIED, Kind.COUNTER),
            Map.entry(MetricNames.CUDA_FALLBACKS, Kind.GAUGE),
            Map.entry(MetricNames.CHECKPOINT_BACKFILL_PENDING, Kind.GAUGE),
            Map.entry(MetricNames.BATCH_SIZE, Kind.HISTOGRAM),
            Map.entry(MetricNames.BATCH_PADDED_TOKENS, Kind.HISTOGRAM),
            Map.entry(MetricNames.BATCH_TOKENS_REAL, Kind.COUNTER),
            Map.entry(MetricNames.BATCH_TOKENS_PADDED, Kind.COUNTER),
            Map.entry(MetricNames.BATCH_QUEUE_WAIT, Kind.TIMER),
            Map.entry(MetricNames.BATCH_INFERENCE, Kind.TIMER),
            Map.entry(MetricNames.BATCH_QUEUE_ITEMS, Kind.GAUGE),
            Map.entry(MetricNames.BATCH_QUEUE_TOKENS, Kind.GAUGE),
            Map.entry(MetricNames.BATCH_DROPPED, Kind.COUNTER),
            Map.entry(MetricNames.EVENTS_PUBLISHED, Kind.COUNTER),
            Map.entry(MetricNames.EVENTS_SPOOLED, Kind.COUNTER),
            Map.entry(MetricNames.EVENTS_REPLAYED, Kind.COUNTER),
            Map.entry(MetricNames.EVENTS_DROPPED, Kind.COUNTER),
            Map.entry(MetricNames.EVENTS_SPOOL_PENDING, Kind.GAUGE),
            Map.entry(MetricNames.EVENTS_SPOOL_BYTES, Kind.GAUGE),
            Map.entry(MetricNames.EVENTS_BUFFERED, Kind.GAUGE));

    /**
     * Metrics of Quarkus' own Micrometer binders that the dashboard may use, as a real /q/metrics of Quarkus 3.33.2
     * shows them (JVM and process binders are on by default).
     */
    static final Set<String> FRAMEWORK = Set.of("jvm_memory_used_bytes", "process_cpu_time_ns_total");

    private ExportedMetrics() {
    }

    /** Every public constant of MetricNames, by field name. */
    static Map<String, String> constants() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : MetricNames.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == String.class) {
                try {
                    out.put(f.getName(), (String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** Micrometer's Prometheus base name of a dotted name. */
    static String base(String dotted) {
        return dotted.replace('.', '_');
    }

    /** The Prometheus name of a dotted name (stagegate_search_stage_seconds, stagegate_search_requests_total). */
    static String prometheusName(String dotted) {
        return base(dotted) + kind(dotted).nameSuffix;
    }

    /** The series names one dotted name becomes. */
    static List<String> series(String dotted) {
        String name = prometheusName(dotted);
        return kind(dotted).seriesSuffixes.stream().map(s -> name + s).toList();
    }

    private static Kind kind(String dotted) {
        Kind kind = KINDS.get(dotted);
        if (kind == null) {
            throw new IllegalArgumentException(dotted + " has no meter type: add it to io.stagegate.deploy.ExportedMetrics.KINDS");
        }
        return kind;
    }

    /** Every series name the application exports: ours from MetricNames, plus the framework ones above. */
    static Set<String> all() {
        Set<String> out = new TreeSet<>(FRAMEWORK);
        constants().values().forEach(name -> out.addAll(series(name)));
        return out;
    }
}
