package io.stagegate;

import java.util.Locale;

/**
 * Wall time per stage of one query, in milliseconds. Embed and rerank also report how long their items waited in
 * the batcher's queue and how long the model ran on the batches that held them.
 */
public record StageTimings(double embedMs, double annMs, double rerankMs, double totalMs, double embedQueueMs,
                           double embedInferenceMs, double rerankQueueMs, double rerankInferenceMs) {

    /** The Server-Timing header value (W3C), which browsers and most HTTP tooling display. */
    public String serverTiming() {
        return String.format(Locale.ROOT, "embed;dur=%.2f, embed-queue;dur=%.2f, embed-inference;dur=%.2f, ann;dur=%.2f, "
                        + "rerank;dur=%.2f, rerank-queue;dur=%.2f, rerank-inference;dur=%.2f, total;dur=%.2f",
                embedMs, embedQueueMs, embedInferenceMs, annMs, rerankMs, rerankQueueMs, rerankInferenceMs, totalMs);
    }
}
