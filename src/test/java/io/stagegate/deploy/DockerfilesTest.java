package io.stagegate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Dockerfiles, read statically (no Docker engine here): pinned base images, a numeric non-root user, COPY sources
 * inside the Quarkus fast-jar layout, an entrypoint that runs the copied quarkus-run.jar with pom.xml's JVM flags,
 * port 8080 exposed.
 */
class DockerfilesTest {
    /** Quarkus' fast-jar output (the default package type): what target/quarkus-app holds after ./mvnw package. */
    static final Set<String> FAST_JAR = Set.of("lib", "app", "quarkus", "quarkus-run.jar");
    static final String OUTPUT = "target/quarkus-app/";

    record Instruction(int line, String keyword, String args) {
    }

    static Stream<Path> dockerfiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("docker"))) {
            List<Path> files = s.filter(p -> p.getFileName().toString().startsWith("Dockerfile")).sorted().toList();
            assertFalse(files.isEmpty(), "no docker/Dockerfile.*");
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void baseImagesArePinnedToAMajorVersion(Path file) {
        List<Instruction> from = parse(file).stream().filter(i -> i.keyword().equals("FROM")).toList();
        assertFalse(from.isEmpty(), file + " has no FROM");
        Set<String> stages = new HashSet<>();
        for (Instruction i : from) {
            String[] words = i.args().split("\\s+");
            String image = Arrays.stream(words).filter(w -> !w.startsWith("--")).findFirst().orElseThrow();
            if (words.length >= 3 && words[words.length - 2].equalsIgnoreCase("AS")) {
                stages.add(words[words.length - 1]);
            }
            if (stages.contains(image)) {
                continue;
            }
            String tag = image.contains("@") ? "digest" : image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            assertTrue(tag.equals("digest") || tag.matches("\\d+.*"), file + ":" + i.line() + ": FROM " + image
                    + " must be pinned to a major version (a tag starting with a number, or a digest), never latest or none");
        }
        if (file.getFileName().toString().contains("cuda")) {
            String last = from.getLast().args();
            assertTrue(last.matches("nvidia/cuda:12\\.[\\d.]+-cudnn-runtime-.*"), file + ": ONNX Runtime GPU "
                    + "1.24 needs CUDA 12.x with cuDNN 9: the final stage must be an nvidia/cuda:12.x-cudnn-runtime image, was "
                    + last);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void runsAsANumericNonRootUser(Path file) {
        List<Instruction> users = finalStage(file).stream().filter(i -> i.keyword().equals("USER")).toList();
        assertFalse(users.isEmpty(), file + ": the final stage sets no USER, so the container runs as root");
        String user = users.getLast().args().split(":")[0].trim();
        assertTrue(user.matches("\\d+") && Integer.parseInt(user) > 0, file + ": USER " + user
                + " must be a numeric uid other than 0 (Kubernetes' runAsNonRoot can verify only a number)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void copiesTheQuarkusFastJarAndRunsIt(Path file) {
        Properties app = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            app.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = app.getProperty("quarkus.package.jar.type", "fast-jar");
        assertEquals("fast-jar", type, "the Dockerfiles copy the fast-jar layout; application.properties sets "
                + "quarkus.package.jar.type=" + type);
        List<Instruction> stage = finalStage(file);
        Set<String> copied = new HashSet<>();
        String jarAt = null;
        String workdir = "/";
        for (Instruction i : stage) {
            if (i.keyword().equals("WORKDIR")) {
                workdir = i.args().startsWith("/") ? i.args() : workdir + "/" + i.args();
            }
            if (!i.keyword().equals("COPY") || i.args().contains("--from=")) {
                continue;
            }
            List<String> words = Arrays.stream(i.args().split("\\s+")).filter(w -> !w.startsWith("--")).toList();
            String dest = words.getLast();
            for (String src : words.subList(0, words.size() - 1)) {
                assertTrue(src.startsWith(OUTPUT), file + ":" + i.line() + ": COPY " + src
                        + " is outside the build output " + OUTPUT + " (the build context holds only it; .dockerignore)");
                String entry = src.substring(OUTPUT.length()).replaceAll("/$", "");
                assertTrue(FAST_JAR.contains(entry), file + ":" + i.line() + ": COPY " + src + " is not part of the "
                        + "fast-jar layout " + FAST_JAR);
                Path built = Path.of(src);
                if (Files.isDirectory(Path.of(OUTPUT))) {
                    assertTrue(Files.exists(built), file + ":" + i.line() + ": COPY " + src + " but the build produced no "
                            + built);
                }
                copied.add(entry);
                if (entry.equals("quarkus-run.jar")) {
                    jarAt = dest.startsWith("/") ? dest : workdir + "/" + dest;
                    if (jarAt.endsWith("/")) {
                        jarAt += "quarkus-run.jar";
                    }
                }
            }
        }
        assertEquals(FAST_JAR, copied, file + ": must copy all of the fast-jar layout (lib/, app/, quarkus/, quarkus-run.jar)");
        Instruction entrypoint = stage.stream().filter(i -> i.keyword().equals("ENTRYPOINT")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(file + " has no ENTRYPOINT"));
        assertTrue(entrypoint.args().startsWith("["), file + ": ENTRYPOINT must be in exec form, so java is PID 1 and "
                + "receives SIGTERM (graceful stop)");
        assertTrue(entrypoint.args().contains("\"-jar\", \"" + jarAt + "\""), file + ": ENTRYPOINT "
                + entrypoint.args() + " must run -jar " + jarAt + ", where quarkus-run.jar is copied");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void passesTheJvmFlagsOfThePomAndExposes8080(Path file) throws IOException {
        Matcher m = Pattern.compile("<stagegate\\.jvm\\.args>([^<]*)</stagegate\\.jvm\\.args>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "pom.xml has no stagegate.jvm.args property");
        String env = finalStage(file).stream().filter(i -> i.keyword().equals("ENV")).map(Instruction::args)
                .reduce("", String::concat);
        for (String flag : m.group(1).trim().split("\\s+")) {
            assertTrue(env.contains(flag), file + ": JDK_JAVA_OPTIONS lacks " + flag + " (pom.xml stagegate.jvm.args: "
                    + "Lucene's vector scorers and ONNX Runtime's native access need it)");
        }
        assertTrue(finalStage(file).stream().anyMatch(i -> i.keyword().equals("EXPOSE")
                && Arrays.asList(i.args().split("\\s+")).contains("8080")), file + " must EXPOSE 8080 (HTTP and gRPC)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfiles")
    void buildContextKeepsTheBuildOutput(Path file) throws IOException {
        Path ignore = Path.of(".dockerignore");
        if (Files.exists(ignore)) {
            List<String> lines = Files.readAllLines(ignore).stream().map(String::trim).toList();
            if (lines.contains("*")) {
                assertTrue(lines.contains("!" + OUTPUT + "*"), ".dockerignore excludes everything but does not re-include "
                        + OUTPUT + "*, which " + file + " copies");
            }
        }
    }

    /** Instructions with continuation lines joined and comments dropped. */
    static List<Instruction> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (current.isEmpty()) {
                start = n + 1;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continued) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                out.add(new Instruction(start, text.substring(0, space < 0 ? text.length() : space).toUpperCase(),
                        space < 0 ? "" : text.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
        return out;
    }

    static List<Instruction> finalStage(Path file) {
        List<Instruction> all = parse(file);
        int last = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return all.subList(last, all.size());
    }
}
