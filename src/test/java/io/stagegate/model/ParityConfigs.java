package io.stagegate.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every tokenizer configuration the built-in checkpoints use (tokenizer.json, window, query and document prefixes),
 * plus e5-small-v2-q's from its test-scope model jar. Checkpoints that share all four (an fp32 export and its int8
 * twin) are checked once, under both names.
 */
final class ParityConfigs {
    record Config(String checkpoints, byte[] tokenizerJson, int maxLength, String queryPrefix, String documentPrefix) {
        @Override
        public String toString() {
            return checkpoints + " @" + maxLength;
        }
    }

    private static final Pattern RESOURCE = Pattern.compile("classpath:([\\w.-]+)\\.onnx");

    private ParityConfigs() {
    }

    static List<Config> all() {
        Map<String, Config> unique = new LinkedHashMap<>();
        List<Config> candidates = new ArrayList<>();
        BuiltinCheckpoints.all().values().stream().sorted((a, b) -> a.id().compareTo(b.id())).forEach(c -> {
            Matcher m = RESOURCE.matcher(c.source());
            if (!m.find()) {
                throw new IllegalStateException("cannot tell the model jar resource of " + c.id() + " from " + c.source());
            }
            candidates.add(new Config(c.id(), resource(m.group(1) + "-tokenizer.json"), c.spec().maxLength(),
                    c.spec().queryPrefix(), c.spec().documentPrefix()));
        });
        candidates.add(new Config("e5-small-v2-q", resource("e5-small-v2-q-tokenizer.json"), 512, "query: ", "passage: "));
        for (Config c : candidates) {
            String key = Arrays.hashCode(c.tokenizerJson()) + "|" + c.maxLength() + "|" + c.queryPrefix() + "|"
                    + c.documentPrefix();
            Config seen = unique.get(key);
            unique.put(key, seen == null ? c : new Config(seen.checkpoints() + " = " + c.checkpoints(),
                    seen.tokenizerJson(), seen.maxLength(), seen.queryPrefix(), seen.documentPrefix()));
        }
        return List.copyOf(unique.values());
    }

    static byte[] resource(String name) {
        try (InputStream in = ParityConfigs.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
