package io.stagegate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.Set;

/**
 * Entry point. No arguments or {@code serve} starts the gateway; {@code ingest}, {@code eval} and
 * {@code generate-cross-encoder} run once with the HTTP listener and the serve-time startup work switched off, so a
 * command never competes with a running server for its port.
 */
@QuarkusMain
public final class Main {
    private static final Set<String> ONE_SHOT = Set.of("ingest", "eval", "copy-index", "generate-cross-encoder", "bench-limit", "mine", "replay", "help", "--help", "-h");

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && ONE_SHOT.contains(args[0])) {
            System.setProperty("stagegate.role", "cli");
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("quarkus.banner.enabled", "false");
            if (System.getProperty("quarkus.log.level") == null) {
                System.setProperty("quarkus.log.level", "WARN");
                System.setProperty("quarkus.log.category.\"io.stagegate\".level", "INFO");
            }
        }
        Quarkus.run(StagegateApp.class, args);
    }
}
