package io.stagegate.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face tokenizer.json semantics through DJL's native binding, with our own truncation and padding settings
 * (the packaged tokenizer.json files carry fixed 128-token padding we must not inherit).
 */
public final class Tokenizer implements AutoCloseable {

    static {
        // DJL phones a cloud metadata address from newInstance unless this is set; we never want that.
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final HuggingFaceTokenizer single;
    private final HuggingFaceTokenizer pair;
    private final int maxLength;

    private Tokenizer(HuggingFaceTokenizer single, HuggingFaceTokenizer pair, int maxLength) {
        this.single = single;
        this.pair = pair;
        this.maxLength = maxLength;
    }

    public static Tokenizer fromJson(byte[] tokenizerJson, int maxLength) {
        try {
            HuggingFaceTokenizer single = newInstance(tokenizerJson, maxLength, "true");
            // Pairs only ever lose tokens from the document, never from the query.
            HuggingFaceTokenizer pair = newInstance(tokenizerJson, maxLength, "only_second");
            return new Tokenizer(single, pair, maxLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    private static HuggingFaceTokenizer newInstance(byte[] json, int maxLength, String truncation) throws IOException {
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", truncation,
                "maxLength", Integer.toString(maxLength),
                "modelMaxLength", Integer.toString(maxLength),
                "addSpecialTokens", "true");
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    }

    public int maxLength() {
        return maxLength;
    }

    public Encoded encode(String text) {
        return toEncoded(single.encode(text));
    }

    public List<Encoded> encodeAll(List<String> texts) {
        Encoding[] encodings = single.batchEncode(texts);
        List<Encoded> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(toEncoded(e));
        }
        return out;
    }

    /** Encodes (query, document); the query must already fit (see {@link #truncateQuery}). */
    public Encoded encodePair(String query, String document) {
        return toEncoded(pair.encode(query, document));
    }

    /**
     * Cuts a query so that it takes at most {@code maxTokens} word-piece tokens, at a token boundary of the original
     * string, so the cut text re-tokenises to the same tokens.
     */
    public String truncateQuery(String query, int maxTokens) {
        Encoding e = single.encode(query, false, false);
        if (e.getIds().length <= maxTokens) {
            return query;
        }
        var spans = e.getCharTokenSpans();
        int end = spans[maxTokens - 1].getEnd();
        return query.substring(0, end);
    }

    /** Counts tokens without special tokens and without truncation limits beyond the model's. */
    public int countTokens(String text) {
        return single.encode(text, false, false).getIds().length;
    }

    private static Encoded toEncoded(Encoding e) {
        return new Encoded(e.getIds(), e.getTypeIds(), e.exceedMaxLength());
    }

    @Override
    public void close() {
        single.close();
        pair.close();
    }
}
