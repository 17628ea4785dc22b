package io.stagegate.batch;

/**
 * How batches are formed and how much may wait.
 *
 * @param maxBatchSize    items per batch
 * @param maxBatchTokens  padded tokens per batch (items x longest item)
 * @param maxWaitNanos    how long a worker may hold a non-full batch to let it fill (0: work-conserving, run what is there)
 * @param queueTokens     tokens that may wait in the queue; beyond it submissions are refused with OVERLOADED
 * @param lowPriorityShare fraction of {@code queueTokens} that shadow and background work may occupy, so interactive
 *                        traffic always finds room
 * @param crossRequest    whether one batch may hold items of several requests (off: each request runs alone, the
 *                        "naive" in-process integration benchmarks compare against)
 * @param maxQueueDelayNanos how much work, in time at the throughput measured so far, may wait ahead of a new
 *                        submission; keeps accepted requests' latency bounded under overload (0: tokens only)
 * @param maxPadding      largest padded/real token ratio a batch may reach by taking another item; on CPU the cost
 *                        of a batch follows its padded tokens, so a tight bound here is what pays (1.0: no padding)
 */
public record BatchPolicy(int maxBatchSize, int maxBatchTokens, long maxWaitNanos, long queueTokens, double lowPriorityShare,
                          boolean crossRequest, long maxQueueDelayNanos, double maxPadding) {
    public BatchPolicy {
        if (maxBatchSize < 1 || maxBatchSize > 4096) {
            throw new IllegalArgumentException("maxBatchSize must be 1..4096, was " + maxBatchSize);
        }
        if (maxBatchTokens < 1) {
            throw new IllegalArgumentException("maxBatchTokens must be >= 1, was " + maxBatchTokens);
        }
        if (maxWaitNanos < 0) {
            throw new IllegalArgumentException("maxWait must be >= 0, was " + maxWaitNanos + " ns");
        }
        if (queueTokens < 1) {
            throw new IllegalArgumentException("queueTokens must be >= 1, was " + queueTokens);
        }
        if (maxQueueDelayNanos < 0) {
            throw new IllegalArgumentException("maxQueueDelay must be >= 0, was " + maxQueueDelayNanos + " ns");
        }
        if (!(maxPadding >= 1.0)) {
            throw new IllegalArgumentException("maxPadding must be >= 1.0, was " + maxPadding);
        }
        if (!(lowPriorityShare > 0 && lowPriorityShare <= 1)) {
            throw new IllegalArgumentException("lowPriorityShare must be in (0, 1], was " + lowPriorityShare);
        }
    }

    public BatchPolicy withMaxBatchSize(int size) {
        return new BatchPolicy(size, maxBatchTokens, maxWaitNanos, queueTokens, lowPriorityShare, crossRequest,
                maxQueueDelayNanos, maxPadding);
    }
}
