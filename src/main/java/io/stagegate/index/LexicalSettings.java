package io.stagegate.index;

import java.util.HashSet;
import java.util.List;

/**
 * Which BM25 fields documents get, and BM25's parameters. k1 = 0.9, b = 0.4 are Anserini's values for its BEIR
 * baselines (Lucene's own defaults are 1.2 / 0.75); both act at search time only, so changing them needs no reindex.
 */
public record LexicalSettings(List<String> analyzers, double k1, double b) {
    public LexicalSettings {
        analyzers = List.copyOf(analyzers);
        analyzers.forEach(LexicalAnalyzers::check);
        if (analyzers.size() != new HashSet<>(analyzers).size()) {
            throw new IllegalArgumentException("lexical analyzers must not repeat, were " + analyzers);
        }
        if (!(k1 >= 0 && k1 <= 10)) {
            throw new IllegalArgumentException("bm25 k1 must be 0..10, was " + k1);
        }
        if (!(b >= 0 && b <= 1)) {
            throw new IllegalArgumentException("bm25 b must be 0..1, was " + b);
        }
    }

    public static LexicalSettings none() {
        return new LexicalSettings(List.of(), 0.9, 0.4);
    }

    public static LexicalSettings of(String... analyzers) {
        return new LexicalSettings(List.of(analyzers), 0.9, 0.4);
    }
}

