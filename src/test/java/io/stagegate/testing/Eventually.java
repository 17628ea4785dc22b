package io.stagegate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that asynchronous work makes true, failing with a message when it does not in time. */
public final class Eventually {
    private Eventually() {
    }

    public static void until(Duration atMost, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true within " + atMost.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
