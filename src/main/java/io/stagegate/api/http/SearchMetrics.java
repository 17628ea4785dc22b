package io.stagegate.api.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.SearchResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * Metric names live here and nowhere else. Per-stage latency is tagged by pair and stage (never by request), with
 * percentile histograms so Prometheus can aggregate across instances.
 */
@ApplicationScoped
public class SearchMetrics {
    public static final String STAGE_LATENCY = "stagegate.search.stage";
    public static final String INGESTED = "stagegate.ingest.documents";

    @Inject
    MeterRegistry registry;

    /** Registered once per (pair, stage): the registry lookup is not free on every request. */
    private final java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    void record(SearchResult result) {
        var t = result.timings();
        timer(result.pairId(), "embed").record(nanos(t.embedMs()));
        timer(result.pairId(), "ann").record(nanos(t.annMs()));
        timer(result.pairId(), "rerank").record(nanos(t.rerankMs()));
        timer(result.pairId(), "total").record(nanos(t.totalMs()));
    }

    void ingested(int documents) {
        registry.counter(INGESTED).increment(documents);
    }

    private Timer timer(String pair, String stage) {
        return timers.computeIfAbsent(pair + '\u0000' + stage, k -> Timer.builder(STAGE_LATENCY).tag("pair", pair)
                .tag("stage", stage).publishPercentileHistogram().register(registry));
    }

    private static Duration nanos(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }
}
