package io.stagegate.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.Assignment;
import io.stagegate.ErrorKind;
import io.stagegate.SearchResult;
import io.stagegate.StageTimings;
import io.stagegate.serving.SearchObserver;
import io.stagegate.experiments.ShadowRunner;
import io.stagegate.Transport;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Search and ingest metrics. Per-stage latency is tagged by pair and stage (never by request), with percentile
 * histograms so Prometheus can aggregate across instances; meters are looked up once per tag set, not per request.
 */
public final class ServingMetrics implements SearchObserver, ShadowRunner.Observer {
    private static final String[] STAGES = {"embed", "ann", "rerank", "total"};

    private final MeterRegistry registry;
    private final Map<String, Timer[]> stageTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();
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
        if (assignment.experiment() != null) {
            counter(MetricNames.ROUTING_ASSIGNMENTS, "Searches an experiment routed", "experiment", assignment.experiment(),
                    "arm", assignment.arm()).increment();
        }
    }

    @Override
    public void outcome(String experiment, String shadowPair, String outcome) {
        counter(MetricNames.SHADOW_RUNS, "Shadow runs by outcome", "experiment", experiment, "pair", shadowPair, "outcome",
                outcome).increment();
    }

    @Override
    public void compared(String experiment, String shadowPair, boolean noiseFloor, double overlapAt10, double rbo) {
        summary(MetricNames.SHADOW_OVERLAP, experiment, shadowPair, noiseFloor).record(overlapAt10);
        summary(MetricNames.SHADOW_RBO, experiment, shadowPair, noiseFloor).record(rbo);
    }

    private DistributionSummary summary(String name, String experiment, String pair, boolean noiseFloor) {
        return summaries.computeIfAbsent(name + '\u0000' + experiment + '\u0000' + pair + '\u0000' + noiseFloor,
                k -> DistributionSummary.builder(name).tag("experiment", experiment).tag("pair", pair)
                        .tag("noise_floor", Boolean.toString(noiseFloor)).serviceLevelObjectives(0.5, 0.8, 0.9, 0.95, 0.99)
                        .register(registry));
    }

    /** Meters by name and tag values, registered once. */
    private Counter counter(String name, String help, String... tags) {
        return counters.computeIfAbsent(name + '\u0000' + String.join("\u0000", tags),
                k -> Counter.builder(name).description(help).tags(tags).register(registry));
    }

    /** Shadow runs under way, read from the runner (Micrometer holds it weakly; the serving path keeps it alive). */
    public void watch(ShadowRunner shadows) {
        Gauge.builder(MetricNames.SHADOW_IN_FLIGHT, shadows, ShadowRunner::inFlight).description("Shadow runs in flight")
                .register(registry);
    }

    @Override
    public void failed(String pairId, ErrorKind kind, Transport transport) {
        count(pairId, transport, kind.name().toLowerCase(Locale.ROOT));
    }

    public void ingested(int documents) {
        ingested.increment(documents);
    }

    private void count(String pair, Transport transport, String outcome) {
        counter(MetricNames.SEARCH_REQUESTS, "Searches by pair, transport and outcome", "pair", pair, "transport",
                transport.wire(), "outcome", outcome).increment();
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
