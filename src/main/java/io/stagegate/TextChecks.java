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
}
