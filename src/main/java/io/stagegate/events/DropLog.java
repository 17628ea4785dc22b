package io.stagegate.events;

import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/** The loud log of dropped events, at most one line every 10 s so a full spool cannot flood the log. */
final class DropLog {
    private static final Logger LOG = Logger.getLogger(DropLog.class);
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final EventCounters counters;
    private final LongSupplier nanoTime;
    private long last;
    private boolean logged;

    DropLog(EventCounters counters, LongSupplier nanoTime) {
        this.counters = counters;
        this.nanoTime = nanoTime;
    }

    synchronized void log(String why) {
        long now = nanoTime.getAsLong();
        if (!logged || now - last > EVERY_NANOS) {
            logged = true;
            last = now;
            LOG.errorf("DROPPING events: %s. %s", why, counters);
        }
    }

    String spoolFull(Spool spool) {
        return "the event spool is full (" + spool.diskBytes() + " bytes, stagegate.events.spool.max-bytes="
                + spool.settings().maxBytes() + ")";
    }
}
