package io.stagegate.serving;

/** The largest request body (HTTP) or message (gRPC) any transport accepts, in bytes. */
public record BodyLimit(long maxBytes) {
    public BodyLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, was " + maxBytes);
        }
    }
}
