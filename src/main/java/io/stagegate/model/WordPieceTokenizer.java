package io.stagegate.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure-Java tokenizer for BERT-family tokenizer.json files: added tokens, BertNormalizer, BertPreTokenizer
 * (split on whitespace, isolate punctuation), WordPiece, truncation and the post-processor template, in Hugging Face's
 * order and with its results token for token (checked against DJL on whole datasets, see WordPieceParityTest).
 * Stateless between calls, so one instance serves every thread. {@link WordPieceJson} decides when it applies.
 */
final class WordPieceTokenizer implements TokenizerEngine {
    private final AddedTokens added;
    private final BertNormalizer normalizer;
    private final WordPiece model;
    private final PostTemplate template;
    private final int maxLength;

    WordPieceTokenizer(AddedTokens added, BertNormalizer normalizer, WordPiece model, PostTemplate template,
                       int maxLength) {
        if (maxLength <= template.added(true)) {
            throw new IllegalArgumentException("maxLength " + maxLength + " leaves no room beside the special tokens");
        }
        this.added = added;
        this.normalizer = normalizer;
        this.model = model;
        this.template = template;
        this.maxLength = maxLength;
    }

    @Override
    public Encoded encode(String text) {
        Tokens tokens = tokenize(text);
        int room = maxLength - template.added(false);
        boolean truncated = tokens.size() > room;
        tokens.truncate(room);
        return template.apply(tokens, null, truncated);
    }

    @Override
    public List<Encoded> encodeAll(List<String> texts) {
        List<Encoded> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /** HF's only_second truncation: fails, as HF does, when cutting the second sequence cannot make room. */
    @Override
    public Encoded encodePair(String first, String second) {
        Tokens a = tokenize(first);
        Tokens b = tokenize(second);
        int excess = a.size() + b.size() - (maxLength - template.added(true));
        if (excess > 0 && b.size() <= excess) {
            throw new IllegalArgumentException("Truncation error: Second sequence not long enough to be truncated: "
                    + a.size() + " + " + b.size() + " tokens do not fit " + maxLength + " by cutting only the second");
        }
        if (excess > 0) {
            b.truncate(b.size() - excess);
        }
        return template.apply(a, b, excess > 0);
    }

    @Override
    public TokenSpans spans(String text) {
        Tokens tokens = tokenize(text);
        tokens.truncate(maxLength);
        return tokens.spans();
    }

    /** All tokens of {@code text}, without special tokens and without truncation. */
    Tokens tokenize(String text) {
        Tokens out = new Tokens(text.length() / 4 + 8);
        NormalizedText normalized = new NormalizedText(text.length() + 8);
        added.split(text, (from, to, id) -> {
            if (id >= 0) {
                out.add(id, from, to);
            } else {
                normalized.truncate(0);
                normalizer.normalize(text, from, to, normalized);
                preTokenize(normalized, out);
            }
        });
        return out;
    }

    /** BertPreTokenizer: whitespace ends a word and is dropped; each punctuation character is a word of its own. */
    private void preTokenize(NormalizedText text, Tokens out) {
        int length = text.length();
        int word = -1;
        for (int i = 0; i < length; ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean space = BertUnicode.isWhitespace(cp);
            if (space || BertUnicode.isPunctuation(cp)) {
                if (word >= 0) {
                    model.tokenize(text, word, i, out);
                    word = -1;
                }
                if (!space) {
                    model.tokenize(text, i, next, out);
                }
            } else if (word < 0) {
                word = i;
            }
            i = next;
        }
        if (word >= 0) {
            model.tokenize(text, word, length, out);
        }
    }

    @Override
    public void close() {
        // Nothing native to release.
    }
}
