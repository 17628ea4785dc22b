package io.stagegate;

/** An absolute point on the {@link System#nanoTime()} scale after which nobody wants the answer. */
public record Deadline(long atNanos) {
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    public static Deadline after(long nowNanos, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeoutNanos + " ns");
        }
        return new Deadline(nowNanos + timeoutNanos);
    }

    public boolean passed(long nowNanos) {
        return atNanos != Long.MAX_VALUE && nowNanos - atNanos >= 0;
    }
}
