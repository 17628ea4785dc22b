package io.stagegate.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The project's real single-node KRaft broker (scripts/kafka-broker.sh) for tests: reused when something already
 * listens on its port (.ci/run starts one), else started here and stopped when the test JVM exits.
 */
public final class KafkaBroker {
    public static final int PORT = Integer.getInteger("sgtest.kafka-port", 19092);
    public static final String BOOTSTRAP = "127.0.0.1:" + PORT;
    private static boolean startedHere;

    private KafkaBroker() {
    }

    /** Makes sure a broker answers on {@link #BOOTSTRAP}; returns that address. */
    public static synchronized String ensureRunning() {
        if (listening()) {
            return BOOTSTRAP;
        }
        script("start");
        stopAtExit();
        return BOOTSTRAP;
    }

    private static void stopAtExit() {
        if (!startedHere) {
            startedHere = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("stop")));
        }
    }

    /** SIGKILL, as a crash would. */
    public static void kill() {
        script("kill");
    }

    /** Starts the broker again (after {@link #kill()}); this JVM then owns it and stops it when it exits. */
    public static synchronized void start() {
        script("start");
        stopAtExit();
    }

    public static boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void script(String command) {
        Path root = Path.of("").toAbsolutePath();
        Path script = root.resolve("scripts/kafka-broker.sh");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("cannot find " + script);
        }
        try {
            Process p = new ProcessBuilder("bash", script.toString(), command, Integer.toString(PORT))
                    .redirectErrorStream(true).redirectOutput(root.resolve("target/kafka-broker-" + command + ".log").toFile())
                    .start();
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/kafka-broker.sh " + command + " failed; see target/kafka-broker-"
                        + command + ".log and target/kafka-broker/broker.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
