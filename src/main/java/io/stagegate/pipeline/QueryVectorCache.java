package io.stagegate.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query vectors by (embedder, query text), least recently used evicted first. Repeated queries, shadow and
 * interleaved pairs that share an embedder, and the evaluation grid (every pair of an embedder asks the same queries)
 * then embed a query once. Safe because serving embedders are deterministic for a given text: fp32 exports are
 * batch-invariant and int8 exports run per item. Capacity 0 turns it off.
 */
public final class QueryVectorCache {
    /** A cached query embedding and what the tokenizer did to the query. */
    public record Entry(float[] vector, int tokens, boolean truncated) {
    }

    private final int capacity;
    private final Map<String, Entry> entries;

    public QueryVectorCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("query vector cache capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, QueryVectorCache.Entry> eldest) {
                return size() > QueryVectorCache.this.capacity;
            }
        };
    }

    public static QueryVectorCache off() {
        return new QueryVectorCache(0);
    }

    public boolean enabled() {
        return capacity > 0;
    }

    private static String key(String embedder, String query) {
        return embedder + '\u0000' + query;
    }

    public synchronized Entry get(String embedder, String query) {
        return capacity == 0 ? null : entries.get(key(embedder, query));
    }

    public synchronized void put(String embedder, String query, Entry entry) {
        if (capacity > 0) {
            entries.put(key(embedder, query), entry);
        }
    }

    public synchronized int size() {
        return entries.size();
    }
}
