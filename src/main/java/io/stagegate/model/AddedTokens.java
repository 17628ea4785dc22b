package io.stagegate.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hugging Face's added vocabulary for tokens matched on the raw text (normalized=false, no strip or single-word
 * rules): the literal text "[SEP]" inside a query is the [SEP] token, as it is in HF. Matches are leftmost-longest,
 * like HF's Aho-Corasick; the text between matches is normalized and tokenized on its own.
 */
final class AddedTokens {
    record AddedToken(String content, int id) {
        AddedToken {
            if (content.isEmpty()) {
                throw new IllegalArgumentException("an added token must not be empty (id " + id + ")");
            }
        }
    }

    /** Receives the text in order: runs of ordinary text (id -1) and matched added tokens. */
    interface Segments {
        void accept(int from, int to, int id);
    }

    private final List<AddedToken> longestFirst;
    private final String firstChars;

    AddedTokens(List<AddedToken> tokens) {
        List<AddedToken> sorted = new ArrayList<>(tokens);
        sorted.sort(Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed());
        this.longestFirst = List.copyOf(sorted);
        StringBuilder first = new StringBuilder();
        for (AddedToken t : tokens) {
            if (first.indexOf(t.content().substring(0, 1)) < 0) {
                first.append(t.content().charAt(0));
            }
        }
        this.firstChars = first.toString();
    }

    void split(String text, Segments out) {
        int plain = 0;
        for (int i = 0; i < text.length(); i++) {
            if (firstChars.indexOf(text.charAt(i)) < 0) {
                continue;
            }
            for (AddedToken t : longestFirst) {
                if (text.startsWith(t.content(), i)) {
                    if (plain < i) {
                        out.accept(plain, i, -1);
                    }
                    out.accept(i, i + t.content().length(), t.id());
                    plain = i + t.content().length();
                    i = plain - 1;
                    break;
                }
            }
        }
        if (plain < text.length() || text.isEmpty()) {
            out.accept(plain, text.length(), -1);
        }
    }
}
