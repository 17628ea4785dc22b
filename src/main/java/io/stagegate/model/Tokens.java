package io.stagegate.model;

import java.util.Arrays;

/** A growable list of tokens: vocabulary id and the range of the original text each one covers (UTF-16 indices). */
final class Tokens {
    private int[] ids;
    private int[] starts;
    private int[] ends;
    private int size;

    Tokens(int capacity) {
        int c = Math.max(8, capacity);
        ids = new int[c];
        starts = new int[c];
        ends = new int[c];
    }

    void add(int id, int start, int end) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    int size() {
        return size;
    }

    /** Keeps the first {@code newSize} tokens. */
    void truncate(int newSize) {
        size = Math.min(size, newSize);
    }

    int id(int index) {
        return ids[index];
    }

    TokenSpans spans() {
        long[] idsOut = new long[size];
        for (int i = 0; i < size; i++) {
            idsOut[i] = ids[i];
        }
        return new TokenSpans(idsOut, Arrays.copyOf(starts, size), Arrays.copyOf(ends, size));
    }
}
