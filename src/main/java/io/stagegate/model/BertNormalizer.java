package io.stagegate.model;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Hugging Face's BertNormalizer: clean_text (drop NUL, U+FFFD and control/format/private-use characters, turn
 * whitespace into spaces), handle_chinese_chars (spaces around CJK ideographs), strip_accents (NFD, then drop
 * non-spacing marks) and lowercase (per character, no context: a final sigma stays σ), in that order.
 *
 * <p>Every output character carries the original range it came from, with HF's rules: a character that replaces
 * another takes its range, an inserted one (the rest of a decomposition or of a multi-character lowercase) takes the
 * range of the character before it. Those rules are positional: where NFD reorders combining marks the ranges follow
 * the positions, not the marks, so that case takes a slower path that replays HF's bookkeeping.
 */
final class BertNormalizer {
    private final boolean cleanText;
    private final boolean chineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    /** {@code stripAccents} null means "as lowercase", HF's default. */
    BertNormalizer(boolean cleanText, boolean chineseChars, Boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.chineseChars = chineseChars;
        this.stripAccents = stripAccents == null ? lowercase : stripAccents;
        this.lowercase = lowercase;
    }

    boolean stripsAccents() {
        return stripAccents;
    }

    /** Normalizes text[from, to) into {@code out} (appending). */
    void normalize(String text, int from, int to, NormalizedText out) {
        int mark = out.length();
        if (!normalizeInOrder(text, from, to, out)) {
            out.truncate(mark);
            normalizeReordered(text, from, to, out);
        }
    }

    /**
     * One pass in which every character keeps its source's range, which equals HF's positional ranges unless NFD
     * reorders marks. Returns false, leaving partial output, when two combining marks meet (a reordering may follow).
     */
    private boolean normalizeInOrder(String text, int from, int to, NormalizedText out) {
        boolean previousMark = false;
        for (int i = from; i < to; ) {
            int cp = codePoint(text, i, to);
            int end = i + (cp >= 0x10000 ? 2 : 1);
            int c = clean(cp);
            if (c >= 0) {
                boolean spaced = chineseChars && BertUnicode.isChinese(c);
                if (spaced) {
                    out.append(' ', i, end);
                    previousMark = false;
                }
                if (!stripAccents) {
                    lower(c, i, end, out);
                } else {
                    String d = c < 0xC0 ? null : BertUnicode.decompose(c);
                    int n = d == null ? 1 : d.length();
                    for (int j = 0; j < n; ) {
                        int x = d == null ? c : d.codePointAt(j);
                        boolean isMark = x >= 0x300 && BertUnicode.isMark(x);
                        if (isMark && previousMark) {
                            return false;
                        }
                        previousMark = isMark;
                        if (!BertUnicode.isNonspacingMark(x)) {
                            lower(x, i, end, out);
                        }
                        j += Character.charCount(x);
                    }
                }
                if (spaced) {
                    out.append(' ', i, end);
                    previousMark = false;
                }
            }
            i = end;
        }
        return true;
    }

    /** The character clean_text makes of cp: -1 when it drops it, a space for any whitespace. */
    private int clean(int cp) {
        if (!cleanText) {
            return cp;
        }
        if (cp == 0 || cp == 0xFFFD || (BertUnicode.isOther(cp) && cp != '\t' && cp != '\n' && cp != '\r')) {
            return -1;
        }
        return BertUnicode.isWhitespace(cp) ? ' ' : cp;
    }

    private void lower(int cp, int start, int end, NormalizedText out) {
        if (!lowercase) {
            out.append(cp, start, end);
        } else if (cp == 0x130) {
            // Rust's char::to_lowercase maps İ to two characters (SpecialCasing); Character.toLowerCase gives one.
            out.append('i', start, end);
            out.append(0x307, start, end);
        } else {
            out.append(Character.toLowerCase(cp), start, end);
        }
    }

    /**
     * HF's steps one after the other, for text where NFD may reorder marks: clean and space, decompose with change
     * flags (0: replaces the next original character, 1: inserted after it), reorder, assign ranges by position, drop
     * non-spacing marks, lowercase.
     */
    private void normalizeReordered(String text, int from, int to, NormalizedText out) {
        IntList before = new IntList(to - from);
        IntList starts = new IntList(to - from);
        IntList ends = new IntList(to - from);
        for (int i = from; i < to; ) {
            int cp = codePoint(text, i, to);
            int end = i + (cp >= 0x10000 ? 2 : 1);
            int c = clean(cp);
            if (c >= 0) {
                boolean spaced = chineseChars && BertUnicode.isChinese(c);
                int[] pieces = spaced ? new int[] {' ', c, ' '} : new int[] {c};
                for (int x : pieces) {
                    before.add(x);
                    starts.add(i);
                    ends.add(end);
                }
            }
            i = end;
        }
        IntList decomposed = new IntList(before.size + 8);
        IntList flags = new IntList(before.size + 8);
        for (int k = 0; k < before.size; k++) {
            int cp = before.values[k];
            String d = cp < 0xC0 ? null : BertUnicode.decompose(cp);
            String s = d == null ? Character.toString(cp) : d;
            for (int j = 0; j < s.length(); j += Character.charCount(s.codePointAt(j))) {
                decomposed.add(s.codePointAt(j));
                flags.add(j == 0 ? 0 : 1);
            }
        }
        reorderCanonically(decomposed, flags);
        int p = 0;
        for (int k = 0; k < decomposed.size; k++) {
            int start = from;
            int end = from;
            if (flags.values[k] == 0) {
                start = starts.values[p];
                end = ends.values[p];
                p++;
            } else if (p > 0) {
                start = starts.values[p - 1];
                end = ends.values[p - 1];
            }
            int cp = decomposed.values[k];
            if (!BertUnicode.isNonspacingMark(cp)) {
                lower(cp, start, end, out);
            }
        }
    }

    /**
     * NFD's canonical ordering (a stable sort of each run of combining marks by combining class), carrying each
     * character's change flag along as HF's decomposition does. The JDK does not expose combining classes, so the
     * order comes from normalizing the string; a stable sort keeps equal characters in order, so the k-th copy of a
     * character in the output is the k-th copy in the input.
     */
    private static void reorderCanonically(IntList cps, IntList flags) {
        StringBuilder sb = new StringBuilder(cps.size + 4);
        for (int k = 0; k < cps.size; k++) {
            sb.appendCodePoint(cps.values[k]);
        }
        String input = sb.toString();
        String ordered = Normalizer.normalize(input, Normalizer.Form.NFD);
        if (ordered.equals(input)) {
            return;
        }
        int[] oldCps = Arrays.copyOf(cps.values, cps.size);
        int[] oldFlags = Arrays.copyOf(flags.values, flags.size);
        boolean[] used = new boolean[cps.size];
        int k = 0;
        for (int j = 0; j < ordered.length(); j += Character.charCount(ordered.codePointAt(j))) {
            int c = ordered.codePointAt(j);
            int from = 0;
            while (used[from] || oldCps[from] != c) {
                from++;
            }
            used[from] = true;
            cps.values[k] = c;
            flags.values[k] = oldFlags[from];
            k++;
        }
    }

    /** The code point at i; a lone surrogate reads as U+FFFD, as in the Rust string DJL's lossy conversion makes. */
    private static int codePoint(String text, int i, int to) {
        char c = text.charAt(i);
        if (!Character.isSurrogate(c)) {
            return c;
        }
        if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
            return Character.toCodePoint(c, text.charAt(i + 1));
        }
        return 0xFFFD;
    }

    private static final class IntList {
        int[] values;
        int size;

        IntList(int capacity) {
            values = new int[Math.max(8, capacity)];
        }

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }
}
