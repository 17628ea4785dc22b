package io.stagegate.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the examples out of a Markdown page: bash blocks, their commands as shell words, curl's options. */
final class Examples {
    private Examples() {
    }

    /** A fenced bash block's commands (continuations joined, comments cut), or what it needs beyond the default. */
    record Block(List<List<String>> commands, String needs) {
    }

    record Curl(String method, String path, Map<String, String> headers, String body) {
    }

    static List<Block> bashBlocks(String markdown) {
        List<Block> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].strip().equals("```bash")) {
                continue;
            }
            String needs = null;
            for (int back = i - 1; back >= Math.max(0, i - 2); back--) {
                String l = lines[back].strip();
                if (l.startsWith("<!-- example needs:")) {
                    needs = l.substring("<!-- example needs:".length(), l.length() - "-->".length()).strip();
                }
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals("```"); j++) {
                text.append(lines[j]).append('\n');
            }
            out.add(new Block(commands(text.toString()), needs));
            i = j;
        }
        return out;
    }

    /** Shell words of each command: quotes respected, backslash-newline continues, # starts a comment. */
    static List<List<String>> commands(String script) {
        List<List<String>> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < script.length() && script.charAt(i + 1) == '\n') {
                i++;
            } else if (c == '#' && word == null) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == ' ' || c == '\t' || c == '\n') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == '\n' && !words.isEmpty()) {
                    out.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            out.add(words);
        }
        return out;
    }

    static boolean isCurl(List<String> words) {
        return words.get(0).equals("curl") && words.stream().anyMatch(w -> w.startsWith("localhost:8080"));
    }

    static boolean isGrpcCall(List<String> words) {
        return words.size() > 2 && words.get(0).endsWith("stagegate") && words.get(1).equals("grpc-call");
    }

    static Curl parseCurl(List<String> words) {
        String method = null;
        String path = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-H") || w.equals("--header")) {
                String h = words.get(++i);
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            } else if (w.equals("-d") || w.equals("--data") || w.equals("--data-raw")) {
                body = words.get(++i);
            } else if (w.equals("-X") || w.equals("--request")) {
                method = words.get(++i);
            } else if (w.startsWith("-X")) {
                method = w.substring(2);
            } else if (w.startsWith("localhost:8080")) {
                path = w.substring("localhost:8080".length());
            } else if (!w.equals("-s") && !w.equals("-sS") && !w.equals("-N")) {
                throw new IllegalArgumentException("the docs' example uses a curl option this test does not read: " + w
                        + " in " + words);
            }
        }
        return new Curl(method != null ? method : body != null ? "POST" : "GET", path, headers, body);
    }
}
