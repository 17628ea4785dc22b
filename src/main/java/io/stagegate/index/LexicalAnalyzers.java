package io.stagegate.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * The analyzers a BM25 field can use, by the name configuration and pairs give them. Each lexical field of the store
 * is {@code lex.<name>} and holds title and text as analysed by that analyzer.
 *
 * <ul>
 *   <li>{@code en}: Lucene's EnglishAnalyzer (standard tokenizer, possessives, lower case, English stop words,
 *       Porter stemming), close to Anserini's default for BEIR's BM25 baselines.</li>
 *   <li>{@code standard}: StandardAnalyzer (lower case, no stemming, no stop words), to measure what stemming buys.</li>
 *   <li>{@code cjk}: CJKAnalyzer, overlapping bigrams of Han/Hiragana/Katakana/Hangul runs (no dictionary).</li>
 *   <li>{@code smartcn}: SmartChineseAnalyzer, dictionary + HMM word segmentation of Simplified Chinese.</li>
 * </ul>
 */
public final class LexicalAnalyzers {
    private static final Map<String, Supplier<Analyzer>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("en", EnglishAnalyzer::new);
        ALL.put("standard", StandardAnalyzer::new);
        ALL.put("cjk", CJKAnalyzer::new);
        ALL.put("smartcn", SmartChineseAnalyzer::new);
    }

    private LexicalAnalyzers() {
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** A new analyzer (analyzers are thread-safe; the store keeps one per field). */
    public static Analyzer create(String name) {
        Supplier<Analyzer> factory = ALL.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown lexical analyzer '" + name + "'; known: " + names());
        }
        return factory.get();
    }

    /**
     * A query's analysed terms with their counts, in first-occurrence order, at most {@code maxTerms} distinct ones: the
     * bag of words both BM25 backends score (one SHOULD clause per term, weighted by its count).
     */
    public static Map<String, Integer> terms(Analyzer analyzer, String field, String text, int maxTerms) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (TokenStream tokens = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                String t = term.toString();
                if (counts.containsKey(t) || counts.size() < maxTerms) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
            tokens.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a query failed", e);
        }
        return counts;
    }

    public static void check(String name) {
        if (!ALL.containsKey(name)) {
            throw new IllegalArgumentException("unknown lexical analyzer '" + name + "'; known: " + names());
        }
    }
}
