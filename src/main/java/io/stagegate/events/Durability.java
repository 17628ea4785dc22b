package io.stagegate.events;

import java.util.Locale;

/**
 * How safe an event is when its search is answered. {@code buffered}: handed to the publisher thread, which sends it to
 * Kafka or the spool within the gather window (a crash of the process loses what is still in memory).
 * {@code write-ahead}: appended to the spool by a group commit before the response is sent, and shipped to Kafka from
 * there (a crash loses nothing that was answered; the spool's fsync policy decides what a power loss may cost).
 */
public enum Durability {
    BUFFERED, WRITE_AHEAD;

    public static Durability parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "buffered" -> BUFFERED;
            case "write-ahead" -> WRITE_AHEAD;
            default -> throw new IllegalArgumentException("durability must be buffered or write-ahead, was '" + value + "'");
        };
    }

    public String wire() {
        return this == BUFFERED ? "buffered" : "write-ahead";
    }
}
