package io.stagegate.events;

/** When spool appends are forced to disk: after every append, at most every interval, or when the OS decides. */
public enum FsyncPolicy {
    ALWAYS, INTERVAL, NEVER;

    public static FsyncPolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fsync must be always, interval or never, was '" + value + "'");
        }
    }
}
