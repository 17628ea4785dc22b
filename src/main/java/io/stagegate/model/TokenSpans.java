package io.stagegate.model;

/**
 * A text's tokens without special tokens, each with the range of the text it covers as UTF-16 indices
 * ({@code text.substring(starts[i], ends[i])}); cut at the tokenizer's window like every encoding.
 */
record TokenSpans(long[] ids, int[] starts, int[] ends) {
    TokenSpans {
        if (ids.length != starts.length || ids.length != ends.length) {
            throw new IllegalArgumentException("ids, starts and ends differ in length: " + ids.length + ", "
                    + starts.length + ", " + ends.length);
        }
    }

    int count() {
        return ids.length;
    }
}
