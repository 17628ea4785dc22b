package io.stagegate.batch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's interactive work, across every batcher that runs on it: interactive items queued or in a running
 * batch. Batchers consult it before they start a shadow or background batch, so low-priority work runs in the gaps
 * interactive traffic leaves rather than beside it (two checkpoints' sessions on the same cores would otherwise slow
 * each other's batches). Priorities inside one batcher cannot do this: a shadow pair usually has its own checkpoint.
 */
public final class DeviceGate {
    private final AtomicInteger interactive = new AtomicInteger();
    private final AtomicLong heldBack = new AtomicLong();

    /** Interactive items entered (positive) or left (negative) this device's queues and batches. */
    void interactive(int delta) {
        if (delta != 0) {
            interactive.addAndGet(delta);
        }
    }

    /** Whether interactive work is queued or running anywhere on the device. */
    public boolean busy() {
        return interactive.get() > 0;
    }

    /** A shadow or background batch waited for a gap in interactive work on this device (a worker looked, and held it). */
    void holdBack() {
        heldBack.incrementAndGet();
    }

    /** How often low-priority batches were held back for interactive work so far. */
    public long heldBack() {
        return heldBack.get();
    }

    /** Interactive items queued or running now. */
    public int interactiveItems() {
        return interactive.get();
    }
}
