package io.stagegate.serving;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Paces overload refusals: up to {@code perSecond} refusals a second (a token bucket holding one second's worth) are
 * answered at once; beyond that each refusal is held for {@code holdNanos} before it is sent. A client that ignores
 * Retry-After and asks again at once (a retry storm) then waits about as long as if it had honoured it, so a storm
 * costs a few dozen answers a second instead of thousands, and the CPU it would burn (the gateway's, and on a shared
 * machine its own clients') stays with the accepted work. Polite clients are refused at once unless a storm is under
 * way. Holding costs a timer, not a thread; at most {@code maxHeld} refusals are held at once, beyond that they go out
 * at once (memory stays bounded whatever the clients do).
 */
final class RefusalPacer {
    static final int MAX_HELD = 4096;

    private final double perSecond;
    private final long holdNanos;
    private final LongSupplier nanoTime;
    private final AtomicInteger held = new AtomicInteger();
    /** Guarded by this. */
    private double tokens;
    private long refilledAt;

    /** @param holdNanos 0 turns pacing off: every refusal goes out at once */
    RefusalPacer(double perSecond, long holdNanos, LongSupplier nanoTime) {
        if (perSecond < 0 || holdNanos < 0) {
            throw new IllegalArgumentException("refusal pacing must be >= 0, was " + perSecond + "/s, hold " + holdNanos
                    + " ns");
        }
        this.perSecond = perSecond;
        this.holdNanos = holdNanos;
        this.nanoTime = nanoTime;
        this.tokens = perSecond;
        this.refilledAt = nanoTime.getAsLong();
    }

    static RefusalPacer off() {
        return new RefusalPacer(0, 0, System::nanoTime);
    }

    double perSecond() {
        return perSecond;
    }

    /**
     * How long to hold the refusal about to be sent: 0 (send it now) while the rate allows; otherwise the hold, and
     * the caller must call {@link #released()} once it has been sent.
     */
    long hold() {
        if (holdNanos == 0) {
            return 0;
        }
        synchronized (this) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(perSecond, tokens + (now - refilledAt) * perSecond / 1e9);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
        }
        if (held.incrementAndGet() > MAX_HELD) {
            held.decrementAndGet();
            return 0;
        }
        return holdNanos;
    }

    void released() {
        held.decrementAndGet();
    }

    /** Refusals held now. */
    int held() {
        return held.get();
    }
}
