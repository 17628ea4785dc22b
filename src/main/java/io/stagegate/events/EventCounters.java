package io.stagegate.events;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to every event, counted once each: acknowledged by Kafka directly (published), written to the spool
 * (spooled), acknowledged by Kafka from the spool (replayed), or lost (dropped: spool full, the hand-off buffer full,
 * or the spool not writable). In a healthy buffered run published + replayed equals the events offered once the spool
 * is empty, and dropped is 0. In write-ahead mode every event is spooled first and counted published once Kafka
 * acknowledges it from the spool (replayed stays 0): spooled equals offered, and published catches up with it.
 */
public final class EventCounters {
    final LongAdder offered = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder droppedSpoolFull = new LongAdder();
    final LongAdder droppedBufferFull = new LongAdder();
    final LongAdder droppedSpoolError = new LongAdder();

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

    /** Lost because the spool could not be written (a full disk, an I/O error). */
    public long droppedSpoolError() {
        return droppedSpoolError.sum();
    }

    public long dropped() {
        return droppedSpoolFull() + droppedBufferFull() + droppedSpoolError();
    }

    @Override
    public String toString() {
        return "offered=" + offered() + " published=" + published() + " spooled=" + spooled() + " replayed=" + replayed()
                + " dropped=" + dropped();
    }
}
