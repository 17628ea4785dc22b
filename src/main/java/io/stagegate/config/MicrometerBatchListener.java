package io.stagegate.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.batch.BatchListener;
import java.util.concurrent.TimeUnit;

/** Batcher metrics of one checkpoint, tagged by checkpoint id. Names are defined here only. */
final class MicrometerBatchListener implements BatchListener {
    static final String PREFIX = "stagegate.batch.";

    private final MeterRegistry registry;
    private final String checkpoint;
    private final DistributionSummary size;
    private final DistributionSummary padded;
    private final Counter realTokens;
    private final Counter paddedTokens;
    private final Timer queueWait;
    private final Timer inference;

    MicrometerBatchListener(MeterRegistry registry, String checkpoint) {
        this.registry = registry;
        this.checkpoint = checkpoint;
        this.size = DistributionSummary.builder(PREFIX + "size").tag("checkpoint", checkpoint)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        this.padded = DistributionSummary.builder(PREFIX + "padded.tokens").tag("checkpoint", checkpoint)
                .serviceLevelObjectives(64, 256, 1024, 4096, 16384, 65536).register(registry);
        this.realTokens = Counter.builder(PREFIX + "tokens.real").tag("checkpoint", checkpoint).register(registry);
        this.paddedTokens = Counter.builder(PREFIX + "tokens.padded").tag("checkpoint", checkpoint).register(registry);
        this.queueWait = Timer.builder(PREFIX + "queue.wait").tag("checkpoint", checkpoint).publishPercentileHistogram()
                .register(registry);
        this.inference = Timer.builder(PREFIX + "inference").tag("checkpoint", checkpoint).publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void batch(int items, long real, long paddedTotal, long[] queueNanos, long inferenceNanos) {
        size.record(items);
        padded.record(paddedTotal);
        realTokens.increment(real);
        paddedTokens.increment(paddedTotal);
        for (long wait : queueNanos) {
            queueWait.record(wait, TimeUnit.NANOSECONDS);
        }
        inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void attach(io.stagegate.batch.InferenceBatcher<?> batcher) {
        io.micrometer.core.instrument.Gauge.builder(PREFIX + "queue.items", batcher,
                io.stagegate.batch.InferenceBatcher::queuedItems).tag("checkpoint", checkpoint).register(registry);
        io.micrometer.core.instrument.Gauge.builder(PREFIX + "queue.tokens", batcher,
                io.stagegate.batch.InferenceBatcher::queuedTokens).tag("checkpoint", checkpoint).register(registry);
    }

    @Override
    public void dropped(Outcome why, int items) {
        registry.counter(PREFIX + "dropped", "checkpoint", checkpoint, "reason", why.name().toLowerCase(java.util.Locale.ROOT))
                .increment(items);
    }
}
