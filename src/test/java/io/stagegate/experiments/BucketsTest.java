package io.stagegate.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden vectors: (salt, unit) to bucket. They pin the assignment function forever (a change would move every unit of
 * every running experiment), and the first three reproduce GrowthBook's hash version 2 test cases (0.0505, 0.2696,
 * 0.2575 of 10,000 buckets), so any GrowthBook SDK computes the same buckets. The others were computed with an
 * independent implementation (Python) of the same two FNV-1a passes, non-BMP-free UTF-16 text included.
 */
class BucketsTest {

    @ParameterizedTest(name = "bucket({0}, {1}) = {2}")
    @CsvSource(delimiter = '|', value = {
        "seed        | a                                    | 505",
        "seed        | b                                    | 2696",
        "foo         | ab                                   | 2575",
        "exp-1       | client-42                            | 4407",
        "exp-1       | client-43                            | 659",
        "rerank-test | session:9f2c                         | 6950",
        "rerank-test | 3f9a2b7c-1d4e-4f7a-9c1b-2e8d5a6b7c80 | 917",
        "''          | a                                    | 216",
        "salt        | é                                    | 6168",
        "salt        | 用户                                  | 8263",
    })
    void goldenVectors(String salt, String unit, int bucket) {
        assertEquals(bucket, Buckets.bucket(salt, unit));
    }

    @ParameterizedTest(name = "fnv1a({0}) = {1}")
    @CsvSource({"'', 811c9dc5", "a, e40c292c", "foobar, bf9cf968"})
    void fnv1aMatchesTheReferenceVectors(String text, String hex) {
        assertEquals(Integer.parseUnsignedInt(hex, 16), Buckets.fnv1a(text));
    }
}
