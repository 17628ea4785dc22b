package io.stagegate.model;

import java.util.List;
import org.jboss.logging.Logger;

/**
 * Hugging Face tokenizer.json semantics with our own truncation and no padding: a single text is cut to the window
 * (longest first), a (query, document) pair loses tokens from the document only. BERT-family files (BertNormalizer,
 * BertPreTokenizer, WordPiece; every built-in checkpoint) run on the pure-Java {@link WordPieceTokenizer}, which gives
 * HF's tokens exactly and several times faster than a JNI call per text; any other file runs on DJL's native binding,
 * which is loaded only then.
 */
public final class Tokenizer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Tokenizer.class);

    private final TokenizerEngine engine;
    private final String implementation;
    private final int maxLength;

    private Tokenizer(TokenizerEngine engine, String implementation, int maxLength) {
        this.engine = engine;
        this.implementation = implementation;
        this.maxLength = maxLength;
    }

    /** The Java tokenizer when it reproduces this file exactly, else DJL. */
    public static Tokenizer fromJson(byte[] tokenizerJson, int maxLength) {
        return switch (WordPieceJson.read(tokenizerJson, maxLength)) {
            case WordPieceJson.Supported s -> new Tokenizer(s.tokenizer(), "java", maxLength);
            case WordPieceJson.Refused r -> {
                LOG.infof("tokenizer.json runs on DJL's native tokenizer: the Java tokenizer does not implement it (%s)",
                        r.reason());
                yield new Tokenizer(new DjlTokenizer(tokenizerJson, maxLength), "djl", maxLength);
            }
        };
    }

    /** Always DJL's native binding (the reference implementation), for comparisons and benchmarks. */
    public static Tokenizer djl(byte[] tokenizerJson, int maxLength) {
        return new Tokenizer(new DjlTokenizer(tokenizerJson, maxLength), "djl", maxLength);
    }

    /** "java" or "djl". */
    public String implementation() {
        return implementation;
    }

    public int maxLength() {
        return maxLength;
    }

    public Encoded encode(String text) {
        return engine.encode(text);
    }

    public List<Encoded> encodeAll(List<String> texts) {
        return engine.encodeAll(texts);
    }

    /** Encodes (query, document); the query must already fit (see {@link #truncateQuery}). */
    public Encoded encodePair(String query, String document) {
        return engine.encodePair(query, document);
    }

    /**
     * Cuts a query so that it takes at most {@code maxTokens} word-piece tokens, at a token boundary of the original
     * string, so the cut text re-tokenises to the same tokens.
     */
    public String truncateQuery(String query, int maxTokens) {
        TokenSpans spans = engine.spans(query);
        if (spans.count() <= maxTokens) {
            return query;
        }
        return query.substring(0, spans.ends()[maxTokens - 1]);
    }

    /** Counts tokens without special tokens and without truncation limits beyond the model's. */
    public int countTokens(String text) {
        return engine.spans(text).count();
    }

    @Override
    public void close() {
        engine.close();
    }
}
