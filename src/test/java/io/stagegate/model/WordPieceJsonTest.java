package io.stagegate.model;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every tokenizer.json feature the Java tokenizer does not reproduce exactly is refused, naming it. */
class WordPieceJsonTest {
    static final String MINILM = new String(BuiltinCheckpoints.resourceFiles("all-minilm-l6-v2").tokenizerJson(),
            StandardCharsets.UTF_8);

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "\"type\": \"BertPreTokenizer\"|\"type\": \"Whitespace\"|pre_tokenizer is Whitespace",
        "\"type\": \"BertNormalizer\"|\"type\": \"NFC\"|normalizer is NFC",
        "\"lowercase\": true|\"lowercase\": true, \"extra\": 1|unsupported field extra",
        "\"model\": {|\"model\": {\"dropout\": null,|unsupported field dropout",
        "\"type\": \"TemplateProcessing\"|\"type\": \"RobertaProcessing\"|post_processor is RobertaProcessing",
        "\"direction\": \"Right\"|\"direction\": \"Left\"|truncation direction",
        "\"lstrip\": false|\"lstrip\": true|has lstrip set",
        "\"normalized\": false|\"normalized\": true|has normalized set",
        "\"unk_token\": \"[UNK]\"|\"unk_token\": \"[NOPE]\"|not in the vocabulary",
        "\"[PAD]\": 0,|\"[PAD]\": 0, \"\uD83E\uDD70\": 30522,|which Unicode 8.0 did not assign",
    })
    void refusesWhatItDoesNotImplement(String from, String to, String reason) {
        String json = MINILM.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        assertTrue(!json.equals(MINILM), "the fixture no longer contains " + from);
        WordPieceJson.Outcome outcome = WordPieceJson.read(json.getBytes(StandardCharsets.UTF_8), 128);
        WordPieceJson.Refused refused = assertInstanceOf(WordPieceJson.Refused.class, outcome);
        assertTrue(refused.reason().contains(reason), refused.reason());
    }
}
