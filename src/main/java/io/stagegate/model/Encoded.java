package io.stagegate.model;

/**
 * A tokenised input, unpadded: ids and token type ids of equal length. {@code truncated} tells whether the
 * tokenizer cut the text to the model's limit.
 */
public record Encoded(long[] ids, long[] typeIds, boolean truncated) {
    public Encoded {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and typeIds differ in length: " + ids.length + " vs " + typeIds.length);
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("an encoding must hold at least one token");
        }
    }

    public int length() {
        return ids.length;
    }
}
