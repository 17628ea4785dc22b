package io.stagegate.model;

import java.util.List;

/**
 * Hugging Face's TemplateProcessing (BertProcessing is the template [CLS] $A [SEP] / [CLS] $A [SEP] $B:1 [SEP]:1):
 * where the special tokens go and which token type id each part gets.
 */
record PostTemplate(List<Piece> single, List<Piece> pair) {
    sealed interface Piece permits Special, Sequence {
    }

    /** A special token's ids (usually one) with their type id. */
    record Special(int[] ids, int typeId) implements Piece {
    }

    /** The first ($A) or second ($B) sequence with its type id. */
    record Sequence(boolean first, int typeId) implements Piece {
    }

    PostTemplate {
        single = List.copyOf(single);
        pair = List.copyOf(pair);
        if (sequences(single, true) != 1 || sequences(single, false) != 0) {
            throw new IllegalArgumentException("the single template must hold $A once and no $B: " + single);
        }
        if (sequences(pair, true) != 1 || sequences(pair, false) != 1) {
            throw new IllegalArgumentException("the pair template must hold $A and $B once each: " + pair);
        }
    }

    static PostTemplate bert(int cls, int sep) {
        Special c = new Special(new int[] {cls}, 0);
        return new PostTemplate(List.of(c, new Sequence(true, 0), new Special(new int[] {sep}, 0)),
                List.of(c, new Sequence(true, 0), new Special(new int[] {sep}, 0), new Sequence(false, 1),
                        new Special(new int[] {sep}, 1)));
    }

    /** How many special tokens the template adds: the window shrinks by this much before truncation. */
    int added(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof Special s) {
                n += s.ids().length;
            }
        }
        return n;
    }

    Encoded apply(Tokens first, Tokens second, boolean truncated) {
        List<Piece> template = second == null ? single : pair;
        int length = added(second != null) + first.size() + (second == null ? 0 : second.size());
        long[] ids = new long[length];
        long[] types = new long[length];
        int n = 0;
        for (Piece p : template) {
            if (p instanceof Special s) {
                for (int id : s.ids()) {
                    ids[n] = id;
                    types[n++] = s.typeId();
                }
            } else if (p instanceof Sequence q) {
                Tokens t = q.first() ? first : second;
                for (int i = 0; i < t.size(); i++) {
                    ids[n] = t.id(i);
                    types[n++] = q.typeId();
                }
            }
        }
        return new Encoded(ids, types, truncated);
    }

    private static int sequences(List<Piece> template, boolean first) {
        return (int) template.stream().filter(p -> p instanceof Sequence s && s.first() == first).count();
    }
}
