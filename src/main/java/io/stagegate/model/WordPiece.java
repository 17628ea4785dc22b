package io.stagegate.model;

import java.util.Map;

/**
 * Hugging Face's WordPiece model on one pre-tokenized word: greedy longest match first, pieces after the first looked
 * up with the continuing-subword prefix; a word with more than {@code maxInputChars} code points, or with any part
 * that matches nothing, becomes a single unknown token covering the whole word.
 */
final class WordPiece {
    private final WordPieceVocab initial;
    private final WordPieceVocab continuing;
    private final int unkId;
    private final int maxInputChars;

    WordPiece(Map<String, Integer> vocab, String unkToken, String continuingPrefix, int maxInputChars) {
        Integer unk = vocab.get(unkToken);
        if (unk == null) {
            throw new IllegalArgumentException("unk_token '" + unkToken + "' is not in the vocabulary");
        }
        this.initial = new WordPieceVocab(vocab, "");
        this.continuing = new WordPieceVocab(vocab, continuingPrefix);
        this.unkId = unk;
        this.maxInputChars = maxInputChars;
    }

    /** Appends the pieces of the word text[from, to) (normalized UTF-16 units) to {@code out}. */
    void tokenize(NormalizedText text, int from, int to, Tokens out) {
        char[] chars = text.chars();
        if (Character.codePointCount(chars, from, to - from) > maxInputChars) {
            out.add(unkId, text.originalStart(from), text.originalEnd(to - 1));
            return;
        }
        int first = out.size();
        int start = from;
        while (start < to) {
            WordPieceVocab vocab = start == from ? initial : continuing;
            // Longer candidates than the longest key cannot match; start the search there (on a code point boundary).
            int end = Math.min(to, start + vocab.maxKeyLength());
            if (end < to && end > start && Character.isLowSurrogate(chars[end]) && Character.isHighSurrogate(chars[end - 1])) {
                end--;
            }
            int id = -1;
            while (end > start) {
                id = vocab.find(chars, start, end);
                if (id >= 0) {
                    break;
                }
                boolean pair = end - 2 >= start && Character.isLowSurrogate(chars[end - 1])
                        && Character.isHighSurrogate(chars[end - 2]);
                end -= pair ? 2 : 1;
            }
            if (id < 0) {
                out.truncate(first);
                out.add(unkId, text.originalStart(from), text.originalEnd(to - 1));
                return;
            }
            out.add(id, text.originalStart(start), text.originalEnd(end - 1));
            start = end;
        }
    }
}
