package io.stagegate.mining;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named counts in the order first seen, for the report: every event and example is accounted for somewhere. */
public final class Tally {
    private final Map<String, Long> counts = new LinkedHashMap<>();

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long n) {
        counts.merge(name, n, Long::sum);
    }

    long get(String name) {
        return counts.getOrDefault(name, 0L);
    }

    public Map<String, Long> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
