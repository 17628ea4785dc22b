package io.stagegate.events;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every event, counted once each: acknowledged by Kafka directly (published), written to the spool
 * (spooled), acknowledged by Kafka from the spool (replayed), or lost (dropped: spool full, or the hand-off buffer
 * full). In a healthy run published + replayed equals the events offered once the spool is empty, and dropped is 0.
 */
public final class EventCounters {
    final LongAdder offered = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder droppedSpoolFull = new LongAdder();
    final LongAdder droppedBufferFull = new LongAdder();

    public long offered() {
        return offered.sum();
    }

    public long published() {
        return published.sum();
    }

    public long spooled() {
        return spooled.sum();
    }

    public long replayed() {
        return replayed.sum();
    }

    public long droppedSpoolFull() {
        return droppedSpoolFull.sum();
    }

    public long droppedBufferFull() {
        return droppedBufferFull.sum();
    }

    public long dropped() {
        return droppedSpoolFull() + droppedBufferFull();
    }

    @Override
    public String toString() {
        return "offered=" + offered() + " published=" + published() + " spooled=" + spooled() + " replayed=" + replayed()
                + " dropped=" + dropped();
    }
}
