package io.stagegate.serving;

import io.stagegate.Deadline;
import io.stagegate.StagegateException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Turns the time a caller will wait (or the configured default) into a deadline, for every entry point alike. */
public final class Deadlines {
    /** The longest deadline any call may ask for. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    private final Duration defaultTimeout;
    private final Duration maxTimeout;
    private final LongSupplier nanoTime;

    public Deadlines(Duration defaultTimeout, Duration maxTimeout, LongSupplier nanoTime) {
        if (defaultTimeout.isNegative() || defaultTimeout.isZero() || defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("default timeout must be in (0, " + maxTimeout + "], was " + defaultTimeout);
        }
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
        this.nanoTime = nanoTime;
    }

    /** @param timeout how long the caller will wait (an HTTP timeoutMs, what is left of a gRPC deadline), or empty */
    public Deadline of(Optional<Duration> timeout) {
        Duration t = timeout.orElse(defaultTimeout);
        if (t.isNegative() || t.isZero() || t.compareTo(maxTimeout) > 0) {
            throw StagegateException.invalid("timeoutMs must be 1.." + maxTimeout.toMillis() + ", was " + t.toMillis());
        }
        return Deadline.after(nanoTime.getAsLong(), t.toNanos());
    }
}
