package io.stagegate;

/**
 * Checks on caller-supplied texts shared by every transport, so HTTP and gRPC refuse the same input with the same
 * words. A text must hold at least one visible character: a query of control, format (zero-width) or whitespace
 * characters only would still be embedded and "answered", which is never what the caller meant.
 */
public final class TextChecks {
    private TextChecks() {
    }

    /** Whether the text holds a character that is not whitespace, a control, a format character or unassigned. */
    public static boolean hasVisible(String text) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && type != Character.CONTROL
                    && type != Character.FORMAT && type != Character.UNASSIGNED && type != Character.SURROGATE
                    && type != Character.PRIVATE_USE) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a missing, blank or invisible text, naming the field. */
    public static String requireVisible(String field, String text) {
        if (text == null) {
            throw StagegateException.invalid(field + " must be a non-blank string, was missing");
        }
        if (text.isBlank()) {
            throw StagegateException.invalid(field + " must be a non-blank string, was blank");
        }
        if (!hasVisible(text)) {
            throw StagegateException.invalid(field + " must hold at least one visible character, held only control, "
                    + "format or whitespace characters (" + text.length() + " chars)");
        }
        return text;
    }

    /** Refuses a list of texts with fewer than one or more than {@code max} items, naming the field and the limit. */
    public static void requireCount(String field, int count, int max, String setting) {
        if (count == 0) {
            throw StagegateException.invalid(field + " must not be empty");
        }
        if (count > max) {
            throw StagegateException.invalid(field + " holds " + count + " items; at most " + max + " are accepted per "
                    + "request (" + setting + "; split the request, nothing is truncated silently)");
        }
    }

    /**
     * The known name closest to a misspelt one (edit distance at most 2, or a third of its length), or null: what a
     * "did you mean" names.
     */
    public static String nearest(String name, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String a = name.toLowerCase(java.util.Locale.ROOT);
            String b = k.toLowerCase(java.util.Locale.ROOT);
            // A shortened name ("sample" for "sampleRate") is as near as a typo.
            int d = a.length() >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : distance(a, b);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
