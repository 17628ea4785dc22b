package io.stagegate.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout's rules, read from the sources: no package cycles, transports and stage cores stay in their lanes,
 * every package says what it is, and no class outgrows a screenful or two.
 */
class LayoutTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.stagegate\\.([a-z][\\w.]*?)\\.[A-Z]");
    /** The declarations of the configuration tree are exempt: one interface per subtree, a default on every knob. */
    private static final Set<String> LONG_ALLOWED = Set.of("StagegateConfig.java");
    private static final int MAX_LINES = 360;

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        for (String p : deps.keySet()) {
            Set<String> seen = new HashSet<>();
            List<String> todo = new ArrayList<>(deps.get(p));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (seen.add(next)) {
                    todo.addAll(deps.getOrDefault(next, Set.of()));
                }
            }
            assertTrue(!seen.contains(p), p + " depends on itself through " + seen);
        }
    }

    @Test
    void eachLaneUsesOnlyWhatItMay() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        forbid(deps, "io.stagegate", "anything of ours", p -> true);
        for (String api : List.of("io.stagegate.api.http", "io.stagegate.api.grpc")) {
            forbid(deps, api, "config or app (transports map wire formats and call serving)",
                    p -> p.startsWith("io.stagegate.config") || p.startsWith("io.stagegate.app"));
        }
        for (String core : List.of("io.stagegate.model", "io.stagegate.batch", "io.stagegate.index", "io.stagegate.pipeline",
                "io.stagegate.stats", "io.stagegate.events", "io.stagegate.control")) {
            forbid(deps, core, "transports, serving, wiring or configuration",
                    p -> p.startsWith("io.stagegate.api") || p.startsWith("io.stagegate.serving")
                            || p.startsWith("io.stagegate.app") || p.startsWith("io.stagegate.config"));
        }
        forbid(deps, "io.stagegate.serving", "transports or wiring",
                p -> p.startsWith("io.stagegate.api") || p.startsWith("io.stagegate.app"));
    }

    @Test
    void everyPackageSaysWhatItIs() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String p : dependencies().keySet()) {
            Path info = MAIN.resolve(p.replace('.', '/')).resolve("package-info.java");
            if (!p.endsWith(".v1") && !Files.exists(info)) {
                missing.add(p);
            }
        }
        assertEquals(List.of(), missing, "packages without package-info.java");
    }

    @Test
    void noClassOutgrowsTheLimit() throws IOException {
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                long lines = Files.readAllLines(f).size();
                if (lines > MAX_LINES && !LONG_ALLOWED.contains(f.getFileName().toString())) {
                    tooLong.put(MAIN.relativize(f).toString(), lines);
                }
            }
        }
        assertEquals(Map.of(), tooLong, "classes over " + MAX_LINES + " lines");
    }

    private static void forbid(Map<String, Set<String>> deps, String pkg, String what,
                               java.util.function.Predicate<String> forbidden) {
        Set<String> bad = new TreeSet<>();
        deps.getOrDefault(pkg, Set.of()).stream().filter(forbidden).forEach(bad::add);
        assertEquals(Set.of(), bad, pkg + " must not use " + what);
    }

    /** Package to the packages of ours its sources name (imports and fully qualified names alike). */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                Matcher pm = PACKAGE.matcher(source);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(source);
                while (m.find()) {
                    String target = "io.stagegate." + m.group(1);
                    if (!target.equals(pkg)) {
                        out.add(target);
                    }
                }
            }
        }
        return deps;
    }
}
