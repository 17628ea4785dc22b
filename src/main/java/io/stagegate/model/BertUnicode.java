package io.stagegate.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Character classes as Hugging Face tokenizers' BERT normalizer and pre-tokenizer see them. Categories come from the
 * Unicode 8.0 tables of the {@code unicode_categories} crate HF uses (bert-unicode-8.0.txt), not from the JDK's newer
 * Unicode: a character that became punctuation after 8.0 must not split a word here when it does not split it there.
 * Whitespace is Rust's {@code char::is_whitespace} (the White_Space property), not {@link Character#isWhitespace}.
 */
final class BertUnicode {
    /** The classes of the table file; each one's index is its bit in {@link #BMP}. */
    private static final String[] CLASSES = {"other", "nonspacing-mark", "punctuation", "assigned"};
    private static final int OTHER = 0;
    private static final int NONSPACING_MARK = 1;
    private static final int PUNCTUATION = 2;
    private static final int ASSIGNED = 3;

    /** Class bits of every BMP code point: the hot path never searches. */
    private static final byte[] BMP = new byte[0x10000];
    /** Per class, sorted inclusive ranges above the BMP as [start0, end0, start1, end1, ...]. */
    private static final int[][] SUPPLEMENTARY = new int[CLASSES.length][];

    static {
        loadTables();
    }

    private BertUnicode() {
    }

    /** Cc, Cf or Co: what BertNormalizer's clean_text removes (tab, newline and carriage return excepted). */
    static boolean isOther(int cp) {
        return has(cp, OTHER);
    }

    static boolean isNonspacingMark(int cp) {
        return has(cp, NONSPACING_MARK);
    }

    /** BertPreTokenizer's punctuation: every ASCII punctuation character (so also $, +, <, ^, `, |) or category P*. */
    static boolean isPunctuation(int cp) {
        return cp < 0x80 ? isAsciiPunctuation(cp) : has(cp, PUNCTUATION);
    }

    static boolean isAssignedInUnicode8(int cp) {
        return has(cp, ASSIGNED);
    }

    /** Rust's char::is_whitespace, i.e. the Unicode White_Space property. */
    static boolean isWhitespace(int cp) {
        return (cp >= 0x9 && cp <= 0xD) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    /** BertNormalizer's "Chinese character" ranges, verbatim (they skip U+2B820..U+2B91F, as HF does). */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** Any combining mark (Mn, Mc, Me) to the JDK: only runs of these can be reordered by NFD. */
    static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** The canonical decomposition of one code point, or null when NFD leaves it alone. */
    static String decompose(int cp) {
        if (cp < 0xC0) {
            return null;
        }
        if (cp < 0x10000) {
            return BmpDecompositions.TABLE[cp];
        }
        String s = Character.toString(cp);
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        return d.equals(s) ? null : d;
    }

    private static boolean isAsciiPunctuation(int cp) {
        return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60)
                || (cp >= 0x7B && cp <= 0x7E);
    }

    private static boolean has(int cp, int cls) {
        if (cp < 0x10000) {
            return (BMP[cp] & (1 << cls)) != 0;
        }
        int[] ranges = SUPPLEMENTARY[cls];
        int lo = 0;
        int hi = ranges.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (cp < ranges[2 * mid]) {
                hi = mid - 1;
            } else if (cp > ranges[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private static void loadTables() {
        try (InputStream in = BertUnicode.class.getResourceAsStream("bert-unicode-8.0.txt")) {
            if (in == null) {
                throw new IllegalStateException("bert-unicode-8.0.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    loadClass(line.trim().split(" "));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bert-unicode-8.0.txt", e);
        }
        for (int i = 0; i < CLASSES.length; i++) {
            if (SUPPLEMENTARY[i] == null) {
                throw new IllegalStateException("bert-unicode-8.0.txt lacks the class " + CLASSES[i]);
            }
        }
    }

    private static void loadClass(String[] fields) {
        int index = List.of(CLASSES).indexOf(fields[0]);
        if (index < 0) {
            throw new IllegalStateException("bert-unicode-8.0.txt: unknown class " + fields[0]);
        }
        List<int[]> above = new ArrayList<>();
        for (int f = 1; f < fields.length; f++) {
            int dash = fields[f].indexOf('-');
            int start = Integer.parseInt(dash < 0 ? fields[f] : fields[f].substring(0, dash), 16);
            int end = dash < 0 ? start : Integer.parseInt(fields[f].substring(dash + 1), 16);
            for (int cp = start; cp <= Math.min(end, 0xFFFF); cp++) {
                BMP[cp] |= (byte) (1 << index);
            }
            if (end >= 0x10000) {
                above.add(new int[] {Math.max(start, 0x10000), end});
            }
        }
        int[] flat = new int[above.size() * 2];
        for (int i = 0; i < above.size(); i++) {
            flat[2 * i] = above.get(i)[0];
            flat[2 * i + 1] = above.get(i)[1];
        }
        SUPPLEMENTARY[index] = flat;
    }

    /**
     * Canonical decompositions of the BMP code points that have one (null where NFD leaves a character alone), built
     * on first use: a tokenizer that does not strip accents never pays for it. One NFD call covers every character,
     * each followed by NUL: NUL is a starter that never decomposes, so no reordering crosses it and the output splits
     * back into one decomposition per character.
     */
    private static final class BmpDecompositions {
        static final String[] TABLE = build();

        private static String[] build() {
            String[] table = new String[0x10000];
            StringBuilder all = new StringBuilder(0x20000);
            for (int c = 0xC0; c < 0x10000; c++) {
                if (!Character.isSurrogate((char) c)) {
                    all.append((char) c).append('\0');
                }
            }
            String decomposed = Normalizer.normalize(all, Normalizer.Form.NFD);
            int from = 0;
            for (int c = 0xC0; c < 0x10000; c++) {
                if (!Character.isSurrogate((char) c)) {
                    int nul = decomposed.indexOf('\0', from);
                    if (nul - from != 1 || decomposed.charAt(from) != c) {
                        table[c] = decomposed.substring(from, nul);
                    }
                    from = nul + 1;
                }
            }
            return table;
        }
    }
}
