package io.stagegate.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagegate.batch.BatchListener;
import java.util.concurrent.TimeUnit;

/** Batcher metrics of one checkpoint, tagged by checkpoint id. */
public final class MicrometerBatchListener implements BatchListener {
    private final MeterRegistry registry;
    private final String checkpoint;
    private final DistributionSummary size;
    private final DistributionSummary padded;
    private final Counter realTokens;
    private final Counter paddedTokens;
    private final Timer queueWait;
    private final Timer inference;

    public MicrometerBatchListener(MeterRegistry registry, String checkpoint) {
        this.registry = registry;
        this.checkpoint = checkpoint;
        this.size = DistributionSummary.builder(MetricNames.BATCH_SIZE).tag("checkpoint", checkpoint)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        this.padded = DistributionSummary.builder(MetricNames.BATCH_PADDED_TOKENS).tag("checkpoint", checkpoint)
                .serviceLevelObjectives(64, 256, 1024, 4096, 16384, 65536).register(registry);
        this.realTokens = Counter.builder(MetricNames.BATCH_TOKENS_REAL).tag("checkpoint", checkpoint).register(registry);
        this.paddedTokens = Counter.builder(MetricNames.BATCH_TOKENS_PADDED).tag("checkpoint", checkpoint).register(registry);
        this.queueWait = Timer.builder(MetricNames.BATCH_QUEUE_WAIT).tag("checkpoint", checkpoint).publishPercentileHistogram()
                .register(registry);
        this.inference = Timer.builder(MetricNames.BATCH_INFERENCE).tag("checkpoint", checkpoint).publishPercentileHistogram()
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
        io.micrometer.core.instrument.Gauge.builder(MetricNames.BATCH_QUEUE_ITEMS, batcher,
                io.stagegate.batch.InferenceBatcher::queuedItems).tag("checkpoint", checkpoint).register(registry);
        io.micrometer.core.instrument.Gauge.builder(MetricNames.BATCH_QUEUE_TOKENS, batcher,
                io.stagegate.batch.InferenceBatcher::queuedTokens).tag("checkpoint", checkpoint).register(registry);
    }

    @Override
    public void dropped(Outcome why, int items) {
        registry.counter(MetricNames.BATCH_DROPPED, "checkpoint", checkpoint, "reason", why.name().toLowerCase(java.util.Locale.ROOT))
                .increment(items);
    }
}
