package io.stagegate.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face tokenizer.json semantics through DJL's native binding: the fallback for files the Java tokenizer does
 * not reproduce, and the reference the parity tests compare it with. Only this class touches DJL, so its native
 * library loads (and probes for GPUs) only when a checkpoint needs it.
 */
final class DjlTokenizer implements TokenizerEngine {

    static {
        // DJL phones a cloud metadata address from newInstance unless this is set; we never want that.
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final HuggingFaceTokenizer single;
    private final HuggingFaceTokenizer pair;

    DjlTokenizer(byte[] tokenizerJson, int maxLength) {
        try {
            single = newInstance(tokenizerJson, maxLength, "true");
            // Pairs only ever lose tokens from the document, never from the query.
            pair = newInstance(tokenizerJson, maxLength, "only_second");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    private static HuggingFaceTokenizer newInstance(byte[] json, int maxLength, String truncation) throws IOException {
        // The packaged tokenizer.json files carry fixed 128-token padding and truncation we must not inherit.
        Map<String, String> options = Map.of(
                "padding", "false",
                "truncation", truncation,
                "maxLength", Integer.toString(maxLength),
                "modelMaxLength", Integer.toString(maxLength),
                "addSpecialTokens", "true");
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    }

    @Override
    public Encoded encode(String text) {
        return toEncoded(single.encode(text));
    }

    @Override
    public List<Encoded> encodeAll(List<String> texts) {
        Encoding[] encodings = single.batchEncode(texts);
        List<Encoded> out = new ArrayList<>(encodings.length);
        for (Encoding e : encodings) {
            out.add(toEncoded(e));
        }
        return out;
    }

    @Override
    public Encoded encodePair(String first, String second) {
        return toEncoded(pair.encode(first, second));
    }

    /** DJL reports spans in code points; they become UTF-16 indices here, so text outside the BMP cuts correctly. */
    @Override
    public TokenSpans spans(String text) {
        Encoding e = single.encode(text, false, false);
        CharSpan[] spans = e.getCharTokenSpans();
        int[] utf16 = new int[text.codePointCount(0, text.length()) + 1];
        for (int cp = 0, i = 0; i < text.length(); cp++) {
            i += Character.charCount(text.codePointAt(i));
            utf16[cp + 1] = i;
        }
        int[] starts = new int[spans.length];
        int[] ends = new int[spans.length];
        for (int i = 0; i < spans.length; i++) {
            // A lone surrogate makes DJL's string longer than ours (see WordPieceAdversarialTest); clamp to the text.
            starts[i] = utf16[Math.min(spans[i].getStart(), utf16.length - 1)];
            ends[i] = utf16[Math.min(spans[i].getEnd(), utf16.length - 1)];
        }
        return new TokenSpans(e.getIds(), starts, ends);
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
