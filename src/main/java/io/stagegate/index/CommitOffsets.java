package io.stagegate.index;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replication offsets kept in a Lucene commit's user data, beside the documents they produced: one entry per topic,
 * {@code partition:nextOffset} pairs separated by commas.
 */
final class CommitOffsets {
    private static final String PREFIX = "stagegate.replication.offsets.";

    private CommitOffsets() {
    }

    /** The next offset to read per partition of {@code topic} in {@code commitData}; empty if none. */
    static Map<Integer, Long> of(Iterable<Map.Entry<String, String>> commitData, String topic) {
        String value = copy(commitData).get(PREFIX + topic);
        Map<Integer, Long> out = new TreeMap<>();
        if (value != null && !value.isEmpty()) {
            for (String pair : value.split(",")) {
                int colon = pair.indexOf(':');
                out.put(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
            }
        }
        return out;
    }

    /** {@code commitData} with the topic's offsets advanced to {@code next}; partitions not named keep theirs. */
    static Map<String, String> with(Iterable<Map.Entry<String, String>> commitData, String topic, Map<Integer, Long> next) {
        Map<Integer, Long> merged = new TreeMap<>(of(commitData, topic));
        merged.putAll(next);
        StringBuilder value = new StringBuilder();
        merged.forEach((p, o) -> value.append(value.isEmpty() ? "" : ",").append(p).append(':').append(o));
        Map<String, String> data = copy(commitData);
        data.put(PREFIX + topic, value.toString());
        return data;
    }

    /** IndexWriter carries the last commit's user data forward unless it is replaced: copy it to change it. */
    private static Map<String, String> copy(Iterable<Map.Entry<String, String>> commitData) {
        Map<String, String> out = new HashMap<>();
        if (commitData != null) {
            commitData.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }
}
