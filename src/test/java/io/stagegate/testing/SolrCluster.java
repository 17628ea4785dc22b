package io.stagegate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SolrCloud cluster for tests, run by scripts/solr-cluster.sh (ZooKeeper and each node in its own JVM) under its
 * own state directory. Ports: ZooKeeper on -Dsgtest.solr-zk-port (default 19983), node I on -Dsgtest.solr-base-port + I
 * (default 19900 + I).
 */
public final class SolrCluster implements AutoCloseable {
    public static final int ZK_PORT = Integer.getInteger("sgtest.solr-zk-port", 19983);
    public static final int BASE_PORT = Integer.getInteger("sgtest.solr-base-port", 19900);

    private final Path root = Path.of("").toAbsolutePath();
    private final Path home;

    public SolrCluster(Path home) {
        this.home = home.toAbsolutePath();
    }

    /** Fetches the Solr jars (Maven); false when they cannot be had (offline without them in the local repository). */
    public boolean resolve() {
        return run(600, "resolve") == 0;
    }

    public void start(int nodes) {
        check(run(300, "start", Integer.toString(nodes)), "start");
    }

    /** Stops whatever an earlier run left under this state directory, empties it, and starts {@code nodes} nodes. */
    public void startFresh(int nodes) {
        close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(home))
                    .filter(p -> !p.getFileName().toString().startsWith("script-")).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException("cannot empty " + home, e);
        }
        start(nodes);
    }

    public void killNode(int i) {
        check(run(60, "kill-node", Integer.toString(i)), "kill-node");
    }

    public void restartNode(int i) {
        check(run(180, "restart-node", Integer.toString(i)), "restart-node");
    }

    public String url(int node) {
        return "http://127.0.0.1:" + (BASE_PORT + node) + "/solr";
    }

    public List<String> urls(int nodes) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            out.add(url(i));
        }
        return out;
    }

    public Path log(String command) {
        return home.resolve("script-" + command + ".log");
    }

    @Override
    public void close() {
        run(120, "stop");
    }

    private void check(int rc, String command) {
        if (rc != 0) {
            throw new IllegalStateException("scripts/solr-cluster.sh " + command + " failed (" + rc + "); see " + log(command)
                    + " and the logs under " + home);
        }
    }

    private int run(int seconds, String... args) {
        try {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>(List.of("bash", root.resolve("scripts/solr-cluster.sh").toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log(args[0]).toFile());
            pb.environment().put("SOLR_CLUSTER_HOME", home.toString());
            pb.environment().put("SOLR_CLUSTER_ZK_PORT", Integer.toString(ZK_PORT));
            pb.environment().put("SOLR_CLUSTER_BASE_PORT", Integer.toString(BASE_PORT));
            String javaHome = System.getProperty("java.home");
            if (javaHome != null && !pb.environment().containsKey("JAVA_HOME")) {
                pb.environment().put("JAVA_HOME", javaHome);
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 124;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/solr-cluster.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
