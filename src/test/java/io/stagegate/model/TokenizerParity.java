package io.stagegate.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Java tokenizer and DJL side by side on one tokenizer.json at one window: every comparison records a readable
 * mismatch (text, what differs, both sides) instead of failing at the first, so a run reports them all.
 */
final class TokenizerParity implements AutoCloseable {
    private final WordPieceTokenizer java;
    private final DjlTokenizer djl;
    private final List<String> mismatches = new ArrayList<>();
    private int singles;
    private int pairs;
    private int spans;

    TokenizerParity(byte[] tokenizerJson, int maxLength) {
        if (!(WordPieceJson.read(tokenizerJson, maxLength) instanceof WordPieceJson.Supported s)) {
            throw new IllegalStateException("the Java tokenizer refuses this file: " + WordPieceJson.read(tokenizerJson,
                    maxLength));
        }
        this.java = s.tokenizer();
        this.djl = new DjlTokenizer(tokenizerJson, maxLength);
    }

    /** encode (ids, type ids, truncated) of every text, DJL's side in one batch call, plus spans. */
    void singles(List<String> texts, boolean compareSpans) {
        List<Encoded> expected = djl.encodeAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            singles++;
            Encoded actual = java.encode(texts.get(i));
            if (!same(expected.get(i), actual)) {
                mismatch("encode", texts.get(i), null, describe(expected.get(i)), describe(actual));
            }
            if (compareSpans) {
                spans(texts.get(i));
            }
        }
    }

    /** Tokens without special tokens, cut at the window, with their character spans (what truncateQuery uses). */
    void spans(String text) {
        spans++;
        TokenSpans e = djl.spans(text);
        TokenSpans a = java.spans(text);
        if (!Arrays.equals(e.ids(), a.ids())) {
            mismatch("spans ids", text, null, Arrays.toString(e.ids()), Arrays.toString(a.ids()));
        } else if (!Arrays.equals(e.starts(), a.starts()) || !Arrays.equals(e.ends(), a.ends())) {
            mismatch("spans offsets", text, null, offsets(e), offsets(a));
        }
    }

    /** Tokens only (no spans): for text whose offsets DJL reports in a different string (lone surrogates). */
    void spanIds(String text) {
        spans++;
        long[] e = djl.spans(text).ids();
        long[] a = java.spans(text).ids();
        if (!Arrays.equals(e, a)) {
            mismatch("spans ids", text, null, Arrays.toString(e), Arrays.toString(a));
        }
    }

    /** encodePair; when DJL refuses (no room left by cutting only the second text), Java must refuse too. */
    void pair(String first, String second) {
        pairs++;
        Encoded expected = null;
        String expectedFailure = null;
        try {
            expected = djl.encodePair(first, second);
        } catch (RuntimeException e) {
            expectedFailure = "failed: " + e.getMessage();
        }
        Encoded actual = null;
        String actualFailure = null;
        try {
            actual = java.encodePair(first, second);
        } catch (IllegalArgumentException e) {
            actualFailure = "failed: " + e.getMessage();
        }
        if (expected == null || actual == null) {
            if (expected != null || actual != null) {
                mismatch("pair", first, second, expected == null ? expectedFailure : describe(expected),
                        actual == null ? actualFailure : describe(actual));
            }
            return;
        }
        if (!same(expected, actual)) {
            mismatch("pair", first, second, describe(expected), describe(actual));
        }
    }

    private static boolean same(Encoded expected, Encoded actual) {
        return Arrays.equals(expected.ids(), actual.ids()) && Arrays.equals(expected.typeIds(), actual.typeIds())
                && expected.truncated() == actual.truncated();
    }

    private void mismatch(String what, String first, String second, String expected, String actual) {
        mismatches.add(what + " of " + quote(first) + (second == null ? "" : " / " + quote(second)) + "\n  DJL:  "
                + abbreviate(expected) + "\n  Java: " + abbreviate(actual));
    }

    List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    String counts() {
        return singles + " single encodings, " + pairs + " pair encodings, " + spans + " span lists";
    }

    private static String describe(Encoded e) {
        return "ids " + Arrays.toString(e.ids()) + " types " + Arrays.toString(e.typeIds()) + " truncated " + e.truncated();
    }

    private static String offsets(TokenSpans s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.count(); i++) {
            sb.append(s.starts()[i]).append('-').append(s.ends()[i]).append(' ');
        }
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
        cut.codePoints().forEach(c -> sb.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u{%X}", c)));
        return sb.append("\" (").append(s.length()).append(" chars)").toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    @Override
    public void close() {
        djl.close();
    }
}
