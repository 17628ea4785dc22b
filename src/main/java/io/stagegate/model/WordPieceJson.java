package io.stagegate.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a tokenizer.json and builds the Java tokenizer only when it reproduces every part exactly: BertNormalizer,
 * BertPreTokenizer, WordPiece, TemplateProcessing or BertProcessing, and added tokens matched literally on the raw
 * text. Anything else (other components, added tokens that strip or match normalized text, left truncation, ...) is
 * refused with the reason, and the caller falls back to DJL. The file's own truncation length and padding are ignored,
 * as Tokenizer configures both.
 */
final class WordPieceJson {
    sealed interface Outcome permits Supported, Refused {
    }

    record Supported(WordPieceTokenizer tokenizer) implements Outcome {
    }

    record Refused(String reason) implements Outcome {
    }

    /** Signals a refusal from deep inside the checks; never leaves this class. */
    private static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Set<String> ROOT_KEYS = Set.of("version", "truncation", "padding", "added_tokens", "normalizer",
            "pre_tokenizer", "post_processor", "decoder", "model");

    private WordPieceJson() {
    }

    static Outcome read(byte[] json, int maxLength) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse tokenizer.json", e);
        }
        try {
            keys(root, ROOT_KEYS, "tokenizer.json");
            truncation(root.path("truncation"));
            WordPiece model = model(root.path("model"));
            BertNormalizer normalizer = normalizer(root.path("normalizer"));
            if (!"BertPreTokenizer".equals(type(root.path("pre_tokenizer")))) {
                throw new Refusal("pre_tokenizer is " + type(root.path("pre_tokenizer")) + ", not BertPreTokenizer");
            }
            if (normalizer.stripsAccents()) {
                unicode8Vocabulary(root.path("model").path("vocab"));
            }
            return new Supported(new WordPieceTokenizer(addedTokens(root.path("added_tokens")), normalizer, model,
                    template(root.path("post_processor")), maxLength));
        } catch (Refusal r) {
            return new Refused(r.getMessage());
        }
    }

    private static void truncation(JsonNode t) {
        // Tokenizer sets the length and strategy; a direction or stride of the file's own would survive that in DJL.
        if (!t.isMissingNode() && !t.isNull()) {
            if (!"Right".equals(t.path("direction").asText("Right")) || t.path("stride").asInt(0) != 0) {
                throw new Refusal("truncation direction " + t.path("direction") + " / stride " + t.path("stride"));
            }
        }
    }

    private static WordPiece model(JsonNode m) {
        if (!"WordPiece".equals(type(m))) {
            throw new Refusal("model is " + type(m) + ", not WordPiece");
        }
        keys(m, Set.of("type", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"), "model");
        Map<String, Integer> vocab = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        String unk = text(m, "unk_token");
        if (!vocab.containsKey(unk)) {
            throw new Refusal("unk_token " + unk + " is not in the vocabulary");
        }
        return new WordPiece(vocab, unk, text(m, "continuing_subword_prefix"), integer(m, "max_input_chars_per_word"));
    }

    private static BertNormalizer normalizer(JsonNode n) {
        if (!"BertNormalizer".equals(type(n))) {
            throw new Refusal("normalizer is " + type(n) + ", not BertNormalizer");
        }
        keys(n, Set.of("type", "clean_text", "handle_chinese_chars", "strip_accents", "lowercase"), "normalizer");
        JsonNode strip = n.path("strip_accents");
        if (!strip.isNull() && !strip.isBoolean()) {
            throw new Refusal("normalizer.strip_accents is " + strip);
        }
        return new BertNormalizer(bool(n, "clean_text"), bool(n, "handle_chinese_chars"),
                strip.isNull() ? null : strip.asBoolean(), bool(n, "lowercase"));
    }

    private static AddedTokens addedTokens(JsonNode list) {
        List<AddedTokens.AddedToken> tokens = new ArrayList<>();
        for (JsonNode t : list) {
            for (String flag : List.of("single_word", "lstrip", "rstrip", "normalized")) {
                if (t.path(flag).asBoolean(true)) {
                    throw new Refusal("added token " + t.path("content") + " has " + flag + " set (or missing)");
                }
            }
            String content = text(t, "content");
            if (content.isEmpty()) {
                throw new Refusal("an added token is empty");
            }
            tokens.add(new AddedTokens.AddedToken(content, integer(t, "id")));
        }
        return new AddedTokens(tokens);
    }

    private static PostTemplate template(JsonNode p) {
        String type = type(p);
        if ("BertProcessing".equals(type)) {
            return PostTemplate.bert(p.path("cls").path(1).asInt(), p.path("sep").path(1).asInt());
        }
        if (!"TemplateProcessing".equals(type)) {
            throw new Refusal("post_processor is " + type + ", not TemplateProcessing or BertProcessing");
        }
        Map<String, int[]> specials = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = p.path("special_tokens").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            int[] ids = new int[e.getValue().path("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = e.getValue().path("ids").path(i).asInt();
            }
            specials.put(e.getKey(), ids);
        }
        try {
            return new PostTemplate(pieces(p.path("single"), specials), pieces(p.path("pair"), specials));
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
    }

    private static List<PostTemplate.Piece> pieces(JsonNode list, Map<String, int[]> specials) {
        List<PostTemplate.Piece> out = new ArrayList<>();
        for (JsonNode piece : list) {
            if (piece.has("SpecialToken")) {
                int[] ids = specials.get(text(piece.path("SpecialToken"), "id"));
                if (ids == null) {
                    throw new Refusal("template token " + piece + " is not among special_tokens");
                }
                out.add(new PostTemplate.Special(ids, integer(piece.path("SpecialToken"), "type_id")));
            } else if (piece.has("Sequence") && Set.of("A", "B").contains(piece.path("Sequence").path("id").asText())) {
                out.add(new PostTemplate.Sequence("A".equals(piece.path("Sequence").path("id").asText()),
                        integer(piece.path("Sequence"), "type_id")));
            } else {
                throw new Refusal("template piece " + piece);
            }
        }
        return out;
    }

    /**
     * With strip_accents on, NFD runs on the JDK's Unicode (16 on Java 25), HF's on 9.0. Both agree on every character
     * Unicode 8.0 assigned (normalization stability); a newer character can decompose differently, and then only a
     * vocabulary that holds newer characters could tell the two apart.
     */
    private static void unicode8Vocabulary(JsonNode vocab) {
        for (Iterator<String> it = vocab.fieldNames(); it.hasNext(); ) {
            String token = it.next();
            for (int i = 0; i < token.length(); ) {
                int cp = token.codePointAt(i);
                if (!BertUnicode.isAssignedInUnicode8(cp)) {
                    throw new Refusal(String.format("the vocabulary holds U+%04X (in %s), which Unicode 8.0 did not assign",
                            cp, token));
                }
                i += Character.charCount(cp);
            }
        }
    }

    private static void keys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new Refusal(where + " has the unsupported field " + key);
            }
        }
    }

    private static String type(JsonNode node) {
        return node.isObject() ? node.path("type").asText("(no type)") : "(none)";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new Refusal(field + " is " + v);
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isIntegralNumber()) {
            throw new Refusal(field + " is " + v);
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isBoolean()) {
            throw new Refusal(field + " is " + v);
        }
        return v.asBoolean();
    }
}
