package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    static Tokenizer tokenizer;

    @BeforeAll
    static void load() {
        tokenizer = Tokenizer.fromJson(BuiltinCheckpoints.resourceFiles("all-minilm-l6-v2").tokenizerJson(), 64);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void encodesBertStyleWithoutThePackagedFixedPadding() {
        Encoded e = tokenizer.encode("Hello world");
        // [CLS] hello world [SEP]: the packaged tokenizer.json pads to 128, which we must not inherit.
        assertArrayEquals(new long[] {101, 7592, 2088, 102}, e.ids());
        assertFalse(e.truncated());
    }

    @Test
    void pairTruncationCutsOnlyTheDocument() {
        String query = "what causes coral bleaching";
        Encoded pair = tokenizer.encodePair(query, "warm water stresses corals ".repeat(50));
        assertEquals(64, pair.length());
        assertTrue(pair.truncated());
        Encoded q = tokenizer.encode(query);
        // The query's tokens (without its closing [SEP]) open the pair unchanged, all with type 0.
        assertArrayEquals(Arrays.copyOf(q.ids(), q.length() - 1), Arrays.copyOf(pair.ids(), q.length() - 1));
        assertEquals(0, pair.typeIds()[q.length() - 1]);
        assertEquals(1, pair.typeIds()[q.length()]);
        assertEquals(102, pair.ids()[pair.length() - 1]);
    }

    @Test
    void longQueriesAreCutAtATokenBoundary() {
        String cut = tokenizer.truncateQuery("one two three four five six", 3);
        assertEquals("one two three", cut);
        assertEquals("short", tokenizer.truncateQuery("short", 3));
    }

    @Test
    void cutsCountUtf16IndicesAfterCharactersOutsideTheBmp() {
        // Each emoji is one [UNK] token but two Java chars; DJL reports code point offsets, which must not cut a pair.
        String query = "😀 😀 protein folding";
        assertEquals("😀 😀 protein", tokenizer.truncateQuery(query, 3));
        try (Tokenizer djl = Tokenizer.djl(BuiltinCheckpoints.resourceFiles("all-minilm-l6-v2").tokenizerJson(), 64)) {
            assertEquals("😀 😀 protein", djl.truncateQuery(query, 3));
        }
    }

    @Test
    void builtinCheckpointsTokenizeInJava() {
        assertEquals("java", tokenizer.implementation());
        assertEquals(4, tokenizer.countTokens("Hello world, friends"));
    }

    @Test
    void aTokenizerJsonTheJavaTokenizerDoesNotImplementRunsOnDjl() {
        String json = new String(BuiltinCheckpoints.resourceFiles("all-minilm-l6-v2").tokenizerJson(),
                java.nio.charset.StandardCharsets.UTF_8).replace("\"type\": \"BertPreTokenizer\"",
                "\"type\": \"Whitespace\"");
        try (Tokenizer djl = Tokenizer.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 64)) {
            assertEquals("djl", djl.implementation());
            assertArrayEquals(new long[] {101, 7592, 2088, 102}, djl.encode("Hello world").ids());
        }
    }
}
