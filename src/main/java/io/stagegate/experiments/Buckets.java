package io.stagegate.experiments;

/**
 * Sticky assignment buckets, as GrowthBook's hash version 2 computes them: FNV-1a (32 bit) over the UTF-16 code units
 * of salt + unit, then FNV-1a again over the decimal text of that hash, modulo 10,000. Hashing twice decorrelates
 * units whose ids differ only at the end; the same (salt, unit) always lands in the same bucket, on every replica and
 * in every language that implements the same hash, so a tester can recompute any assignment offline.
 */
public final class Buckets {
    /** Buckets per experiment: weights resolve to 0.01% of traffic. */
    public static final int COUNT = 10_000;

    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Buckets() {
    }

    public static int bucket(String salt, String unit) {
        int first = fnv1a(salt + unit);
        return (int) (Integer.toUnsignedLong(fnv1a(Integer.toUnsignedString(first))) % COUNT);
    }

    /** FNV-1a over UTF-16 code units (what JavaScript's charCodeAt sees, so JS SDKs agree for any text). */
    static int fnv1a(String text) {
        int hash = FNV_OFFSET;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
