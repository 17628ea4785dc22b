package io.stagegate.model;

import java.util.Arrays;

/**
 * Normalized text as UTF-16 units, each with the range of the original string it came from: Hugging Face's
 * NormalizedString alignments, which token character spans are read from. A growable buffer, one per encode call.
 */
final class NormalizedText {
    private char[] chars;
    private int[] starts;
    private int[] ends;
    private int length;

    NormalizedText(int capacity) {
        int c = Math.max(16, capacity);
        chars = new char[c];
        starts = new int[c];
        ends = new int[c];
    }

    /** Forgets everything from {@code newLength} on. */
    void truncate(int newLength) {
        length = newLength;
    }

    /** Appends a code point that stands for original[start, end). */
    void append(int cp, int start, int end) {
        if (length + 2 > chars.length) {
            int c = chars.length * 2;
            chars = Arrays.copyOf(chars, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
        }
        if (cp < 0x10000) {
            put((char) cp, start, end);
        } else {
            put(Character.highSurrogate(cp), start, end);
            put(Character.lowSurrogate(cp), start, end);
        }
    }

    private void put(char c, int start, int end) {
        chars[length] = c;
        starts[length] = start;
        ends[length] = end;
        length++;
    }

    int length() {
        return length;
    }

    char[] chars() {
        return chars;
    }

    int codePointAt(int index) {
        return Character.codePointAt(chars, index, length);
    }

    /** Where the normalized unit at {@code index} starts in the original string. */
    int originalStart(int index) {
        return starts[index];
    }

    /** Where the normalized unit at {@code index} ends in the original string. */
    int originalEnd(int index) {
        return ends[index];
    }
}
