package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java tokenizer against DJL on hand-written text that exercises every rule of the BERT pipeline: accents and
 * combining marks (also reordered ones), case mappings with no one-to-one Java equivalent, CJK and the ideograph
 * ranges HF spaces, characters outside the BMP, control, format and zero-width characters, punctuation and marks
 * newer than the Unicode 8.0 tables HF uses, words at and over the 100-character limit, added tokens typed as text,
 * empty and whitespace-only text, long text that must be cut. Runs for every built-in tokenizer and on a 16-token
 * window where truncation (and HF's refusal to cut a pair) happens all the time.
 */
class WordPieceAdversarialTest {
    static final List<String> TEXTS = List.of(
            "", " ", "\t\n\r  ", "\u00A0\u2003\u3000\u205F\u1680", "\u200B\u200C\u200D\uFEFF\u2060", "a\u200Bb c\u200Dd",
            "soft\u00ADhyphen", "\u0000abc\u0001\u007F\u0085def\u009F", "\uFFFD", "x\uFFFDy",
            "line1\u000Bline2\u000Cline3\u001Cline4\u2028line5\u2029line6\r\nline7",
            "Café résumé naïve Ångström façade", "Cafe\u0301 re\u0301sume\u0301 nai\u0308ve", "ΟΔΥΣΣΕΥΣ Σίσυφος ς",
            "İstanbul ıi IŞIK İ", "Straße STRASSE ẞ", "ǅ ǈ ǋ ǲ", "Tiếng Việt có dấu", "a\u0301\u0316\u0300b",
            "e\u0301\u0327 \u0344 q\u0307\u0323 \u1E09\u0316", "x\u0301\uD834\uDD65 y\u0301\uD834\uDD6D\u0316z", "\u0301\u0316leading marks", "ᾅ ᾯ ǖ Ǻ ḉ", "ﬁ ﬀ ﬃ ℃ ™ ㎏",
            "한국어 텍스트", "\u1112\u1161\u11AB\u1100\u1173\u11AF", "中文分词测试，包括标点。", "日本語のテキスト、カタカナ、ひらがな",
            "\uD840\uDC00\uD840\uDC01\uD869\uDF00 \uD86E\uDC20\uD86E\uDD20", "\uF900\uF901\uFA0E\uFA6D \uD87E\uDC00",
            "ＡＢＣ１２３！？（全角）", "😀 👍🏽 👨\u200D👩\u200D👧 🇫🇷 ❤️ 🥰 🫠", "text😀text😀😀", "𝄞 𝅘𝅥𝅮 𝐀𝐁𝐂 𝔸𝔹 𐌰𐌱",
            "a⹃b⹅c\u2E4Fd", "a¡b¿c§d¶e", "$5+3=8^2|x`y~z<>", "don't re-use e-mail @user #tag 50% & co.",
            "C++ / C# .NET (v2.0) [draft] {x} «quote» „Zitat“", "\uE000\uF8FF x \uDB80\uDC00 y",
            "a".repeat(99), "a".repeat(100), "a".repeat(101), "supercalifragilistic".repeat(6),
            "x" + "é".repeat(99), "x" + "e\u0301".repeat(99), "😀".repeat(60), "😀".repeat(101), "中".repeat(120),
            "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
            "[CLS] hello [SEP] world [MASK][PAD][UNK]", "x[SEP]y", "[sep] lower [Sep]", "[[SEP]]", "[SEP", "SEP]",
            "Hello мир 世界 مرحبا שלום नमस्ते 안녕 ภาษาไทย", "مَرْحَبًا شָׁלוֹם", "क्षत्रिय", "3.14159 1,000,000 2nd 10^6 ½ ² ①",
            "\uA7CB \u0264 \uA7DC \u019B", "a\u1DFB b\u1AC1 c\u08D3 d\u0C3C", "ŉ ǰ ΐ և", "ʼn Ǆ ǆ",
            "word ".repeat(700), "中文".repeat(600), " leading and trailing spaces ", "tab\tseparated\tvalues",
            "Ordinary English text about protein folding and gene expression in human cells.");

    /** Lone surrogates: DJL's JNI string conversion turns them (and then the rest of such a text) into U+FFFD. */
    static final List<String> LONE_SURROGATES = List.of("a\uD800b", "\uDC00", "x\uD83D", "\uDFFFab\uD800");

    static Stream<ParityConfigs.Config> configs() {
        List<ParityConfigs.Config> all = new ArrayList<>(ParityConfigs.all());
        ParityConfigs.Config minilm = all.get(0);
        all.add(new ParityConfigs.Config("tiny window (all-minilm json)", minilm.tokenizerJson(), 16, "", ""));
        // BertNormalizer settings no built-in uses, so that every branch of the normalizer meets HF.
        all.add(variant(minilm, "lowercase without strip_accents", "\"strip_accents\": null", "\"strip_accents\": false"));
        all.add(variant(minilm, "strip_accents without lowercase", "\"strip_accents\": null,\n    \"lowercase\": true",
                "\"strip_accents\": true,\n    \"lowercase\": false"));
        all.add(variant(minilm, "no clean_text, no chinese spacing", "\"clean_text\": true,\n    \"handle_chinese_chars\": true",
                "\"clean_text\": false,\n    \"handle_chinese_chars\": false"));
        return all.stream();
    }

    private static ParityConfigs.Config variant(ParityConfigs.Config base, String name, String from, String to) {
        String json = new String(base.tokenizerJson(), StandardCharsets.UTF_8);
        if (!json.contains(from)) {
            throw new IllegalStateException("the all-minilm tokenizer.json no longer contains " + from);
        }
        return new ParityConfigs.Config(name + " (all-minilm json)", json.replace(from, to).getBytes(StandardCharsets.UTF_8),
                base.maxLength(), "", "");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void everyRuleMatchesHuggingFace(ParityConfigs.Config config) {
        try (TokenizerParity parity = new TokenizerParity(config.tokenizerJson(), config.maxLength())) {
            List<String> texts = new ArrayList<>(TEXTS);
            TEXTS.forEach(t -> texts.add(config.queryPrefix() + t));
            parity.singles(texts, true);
            String document = "Coral reefs bleach when warm water stresses the symbiotic algae. ".repeat(20);
            for (String t : TEXTS) {
                parity.pair(t, document);
                parity.pair("what is " + t, t);
                parity.pair(t, t);
            }
            for (String t : LONE_SURROGATES) {
                parity.spanIds(t);
                parity.pair(t, "document");
            }
            parity.singles(LONE_SURROGATES, false);
            System.out.println("adversarial parity " + config + ": " + parity.counts() + ", "
                    + parity.mismatches().size() + " mismatches");
            assertEquals(List.of(), parity.mismatches(), () -> String.join("\n", parity.mismatches()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void everyBuiltinTokenizerRunsOnJava(ParityConfigs.Config config) {
        assertTrue(WordPieceJson.read(config.tokenizerJson(), config.maxLength()) instanceof WordPieceJson.Supported,
                () -> config + " falls back to DJL: " + WordPieceJson.read(config.tokenizerJson(), config.maxLength()));
    }
}
