package io.stagegate.catalog;

import io.stagegate.CheckpointPair;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.DocumentWrites;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a pair can give a full answer: its stored vectors and BM25 field cover the corpus. Once a pair is seen
 * covering it, it stays ready (ingest embeds with every pair's embedders, so it stays covered).
 */
public final class Readiness {
    private final DocumentStore store;
    private final DocumentWrites writes;
    private final PairRegistry pairs;
    private final CheckpointVersions versions;
    private final Map<String, Boolean> ready = new ConcurrentHashMap<>();

    Readiness(DocumentStore store, DocumentWrites writes, PairRegistry pairs, CheckpointVersions versions) {
        this.store = store;
        this.writes = writes;
        this.pairs = pairs;
        this.versions = versions;
    }

    /** Why a pair cannot serve a full answer yet (stored vectors or its BM25 field do not cover the corpus), or empty. */
    public Optional<String> notReady(String pairId) {
        CheckpointPair pair = pairs.pair(pairId);
        if (ready.containsKey(pairId)) {
            return Optional.empty();
        }
        int size = store.size();
        List<String> gaps = new ArrayList<>();
        for (String e : pair.embedders()) {
            int n = store.vectorIndex(versions.resolve(e)).size();
            if (n < size) {
                gaps.add(n + "/" + size + " documents embedded by " + e);
            }
        }
        pair.lexical().ifPresent(l -> {
            int n = store.lexicalIndex(l).size();
            if (n < size) {
                gaps.add(n + "/" + size + " documents in lexical field " + l);
            }
        });
        if (gaps.isEmpty()) {
            ready.put(pairId, true);
            return Optional.empty();
        }
        return Optional.of(String.join(", ", gaps));
    }

    /** Pairs that are not ready, with what they lack; empty when all are ready. */
    public List<String> unreadyPairs() {
        List<String> out = new ArrayList<>();
        pairs.pairs().keySet().forEach(id -> notReady(id).ifPresent(why -> out.add(id + " (" + why + ")")));
        return out;
    }

    /** Why this replica's corpus is incomplete (replaying the documents topic), or empty; pairs aside. */
    public Optional<String> corpusNotReady() {
        return writes.notReady();
    }

    /** A removed pair id may come back as another pair: it must earn readiness again. */
    void forget(String pairId) {
        ready.remove(pairId);
    }
}
