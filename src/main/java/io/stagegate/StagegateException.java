package io.stagegate;

import java.util.Objects;

/** The one error type of the gateway: a kind (mapped to a status by each transport) and a message naming the problem. */
public final class StagegateException extends RuntimeException {
    private final ErrorKind kind;

    public StagegateException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public StagegateException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static StagegateException invalid(String message) {
        return new StagegateException(ErrorKind.INVALID_REQUEST, message);
    }

    public static StagegateException unavailable(String message) {
        return new StagegateException(ErrorKind.UNAVAILABLE, message);
    }

    public static StagegateException notFound(String message) {
        return new StagegateException(ErrorKind.NOT_FOUND, message);
    }

    public static StagegateException conflict(String message) {
        return new StagegateException(ErrorKind.CONFLICT, message);
    }

    public static StagegateException internal(String message, Throwable cause) {
        return new StagegateException(ErrorKind.INTERNAL, message, cause);
    }
}
