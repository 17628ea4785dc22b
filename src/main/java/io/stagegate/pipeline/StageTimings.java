package io.stagegate.pipeline;

/** Wall time per stage of one query, in milliseconds (queueing for the stage's executor included). */
public record StageTimings(double embedMs, double annMs, double rerankMs, double totalMs) {

    /** The Server-Timing header value (W3C), which browsers and most HTTP tooling display. */
    public String serverTiming() {
        return String.format(java.util.Locale.ROOT, "embed;dur=%.2f, ann;dur=%.2f, rerank;dur=%.2f, total;dur=%.2f",
                embedMs, annMs, rerankMs, totalMs);
    }
}
