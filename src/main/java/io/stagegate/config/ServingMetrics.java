package io.stagegate.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.Assignment;
import io.stagegate.ErrorKind;
import io.stagegate.MetricNames;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.routing.SearchObserver;
import io.stagegate.routing.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Search and ingest metrics. Per-stage latency is tagged by pair and stage (never by request), with percentile
 * histograms so Prometheus can aggregate across instances; meters are looked up once per tag set, not per request.
 */
public final class ServingMetrics implements SearchObserver {
    private static final String[] STAGES = {"embed", "ann", "rerank", "total"};

    private final MeterRegistry registry;
    private final Map<String, Timer[]> stageTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Counter ingested;

    public ServingMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ingested = Counter.builder(MetricNames.INGESTED).description("Documents ingested").register(registry);
    }

    @Override
    public void served(SearchResult result, Assignment assignment, Transport transport) {
        StageTimings t = result.timings();
        Timer[] timers = stageTimers.computeIfAbsent(result.pairId(), this::timers);
        timers[0].record(nanos(t.embedMs()));
        timers[1].record(nanos(t.annMs()));
        timers[2].record(nanos(t.rerankMs()));
        timers[3].record(nanos(t.totalMs()));
        count(result.pairId(), transport, "ok");
    }

    @Override
    public void failed(String pairId, ErrorKind kind, Transport transport) {
        count(pairId, transport, kind.name().toLowerCase(Locale.ROOT));
    }

    public void ingested(int documents) {
        ingested.increment(documents);
    }

    private void count(String pair, Transport transport, String outcome) {
        requests.computeIfAbsent(pair + '\u0000' + transport + '\u0000' + outcome, k -> Counter
                .builder(MetricNames.SEARCH_REQUESTS).description("Searches by pair, transport and outcome")
                .tag("pair", pair).tag("transport", transport.wire()).tag("outcome", outcome).register(registry))
                .increment();
    }

    private Timer[] timers(String pair) {
        Timer[] timers = new Timer[STAGES.length];
        for (int i = 0; i < STAGES.length; i++) {
            timers[i] = Timer.builder(MetricNames.SEARCH_STAGE).description("Wall time per search stage").tag("pair", pair)
                    .tag("stage", STAGES[i]).publishPercentileHistogram().register(registry);
        }
        return timers;
    }

    private static Duration nanos(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }
}
