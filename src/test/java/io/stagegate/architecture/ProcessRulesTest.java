package io.stagegate.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The naming rule for tests that need processes outside the test JVM (docs/architecture.md, "Tests"):
 * <ul>
 *   <li>servers are started only by the helpers in {@code testing} ({@code KafkaBroker}, {@code SolrCluster},
 *       {@code GatewayProcess});</li>
 *   <li>a test that starts a server of its own (the packaged gateway, a SolrCloud cluster) is named {@code *IT} and runs
 *       under failsafe after {@code package};</li>
 *   <li>every other test may use the one shared broker (started once per run by {@code .ci/run} or on first use), and
 *       one that kills or restarts it carries {@code @Tag("broker-outage")}, so a run can leave it out.</li>
 * </ul>
 */
class ProcessRulesTest {
    private static final Path TESTS = Path.of("src/test/java/io/stagegate");

    @Test
    void testsThatNeedProcessesAreNamedAndTaggedForIt() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TESTS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (f.startsWith(TESTS.resolve("testing")) || f.startsWith(TESTS.resolve("architecture"))) {
                    continue;
                }
                String name = f.getFileName().toString().replace(".java", "");
                String source = Files.readString(f);
                boolean ownServer = source.contains("SolrCluster") || source.contains("GatewayProcess");
                if (ownServer && !name.endsWith("IT")) {
                    problems.add(name + " starts a server of its own: name it *IT");
                }
                if (!ownServer && name.endsWith("IT")) {
                    problems.add(name + " is named *IT but starts no server of its own");
                }
                boolean outage = source.contains("KafkaBroker.kill(") || source.contains("KafkaBroker.start(");
                if (outage && !name.endsWith("IT") && !source.contains("@Tag(\"broker-outage\")")) {
                    problems.add(name + " kills or restarts the shared broker: tag it @Tag(\"broker-outage\")");
                }
                if (source.contains("\"scripts/") || source.contains("Path.of(\"scripts")) {
                    problems.add(name + " runs a server script itself: use the helper in testing");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
