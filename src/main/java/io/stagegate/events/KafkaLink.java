package io.stagegate.events;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Whether Kafka is taking events, and the two lines an outage logs: one when it starts (with the error), one when it
 * ends (how long, how many delivery attempts, how many events went to the spool meanwhile). The Kafka client's own
 * warning per reconnect attempt is muted by a log level in application.properties; these lines replace it.
 */
final class KafkaLink {
    private static final Logger LOG = Logger.getLogger(KafkaLink.class);

    private final EventCounters counters;
    private final Path spoolDir;
    private final LongSupplier nanoTime;
    private volatile boolean failing;
    private long since;
    private long attempts;
    private long spooledBefore;

    KafkaLink(EventCounters counters, Path spoolDir, LongSupplier nanoTime) {
        this.counters = counters;
        this.spoolDir = spoolDir;
        this.nanoTime = nanoTime;
    }

    boolean failing() {
        return failing;
    }

    /** A send failed or went unacknowledged; the first failure of an outage is logged, later ones only counted. */
    synchronized void failed(Throwable error) {
        if (failing) {
            return;
        }
        failing = true;
        since = nanoTime.getAsLong();
        attempts = 0;
        spooledBefore = counters.spooled();
        LOG.warnf("Kafka is not accepting events (%s); spooling to %s and replaying in order when it is back", error,
                spoolDir);
    }

    /** A probe sent to Kafka during an outage. */
    synchronized void attempted() {
        if (failing) {
            attempts++;
        }
    }

    /** Kafka acknowledged again: ends the outage, if there was one, with its summary line. */
    synchronized void recovered(long pending) {
        if (!failing) {
            return;
        }
        failing = false;
        LOG.infof("Kafka is accepting events again after %s: %d delivery attempts, %d events spooled meanwhile; "
                + "%d to replay", seconds(nanoTime.getAsLong() - since), attempts, counters.spooled() - spooledBefore, pending);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
