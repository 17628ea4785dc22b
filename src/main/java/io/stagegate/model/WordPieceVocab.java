package io.stagegate.model;

import java.util.Map;

/**
 * Vocabulary lookup by a range of a char array, so the greedy longest-match loop tries each candidate piece without
 * creating a String for it. Open addressing over String keys; immutable once built.
 */
final class WordPieceVocab {
    private final String[] keys;
    private final int[] values;
    private final int mask;
    private final int maxKeyLength;

    /** The entries of {@code vocab} whose token starts with {@code prefix}, stored without it. */
    WordPieceVocab(Map<String, Integer> vocab, String prefix) {
        int capacity = Integer.highestOneBit(Math.max(4, vocab.size() * 2)) * 2;
        keys = new String[capacity];
        values = new int[capacity];
        mask = capacity - 1;
        int longest = 0;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                String key = e.getKey().substring(prefix.length());
                put(key, e.getValue());
                longest = Math.max(longest, key.length());
            }
        }
        maxKeyLength = longest;
    }

    /** Length in UTF-16 units of the longest key: no longer piece can match. */
    int maxKeyLength() {
        return maxKeyLength;
    }

    /** The id of chars[from, to), or -1. */
    int find(char[] chars, int from, int to) {
        int len = to - from;
        for (int slot = hash(chars, from, to) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return -1;
            }
            if (key.length() == len && matches(key, chars, from)) {
                return values[slot];
            }
        }
    }

    private void put(String key, int value) {
        int slot = hash(key.toCharArray(), 0, key.length()) & mask;
        while (keys[slot] != null && !keys[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = value;
    }

    private static boolean matches(String key, char[] chars, int from) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != chars[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] chars, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + chars[i];
        }
        return h ^ (h >>> 16);
    }
}
