package io.stagegate;

/** What went wrong, independent of transport; each transport maps a kind to its status once. */
public enum ErrorKind {
    INVALID_REQUEST,
    /** A request body over the configured limit. */
    PAYLOAD_TOO_LARGE,
    NOT_FOUND,
    /** The request is well-formed but conflicts with the current state (exists already, in use, not ready). */
    CONFLICT,
    /** A credential was given but does not allow this operation. */
    FORBIDDEN,
    OVERLOADED,
    DEADLINE_EXCEEDED,
    UNAVAILABLE,
    UNAUTHENTICATED,
    INTERNAL
}
