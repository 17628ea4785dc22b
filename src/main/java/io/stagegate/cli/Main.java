package io.stagegate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. No arguments or {@code serve} starts the gateway; every other command (the set comes from the
 * registered subcommands, so a new one cannot be forgotten) runs once with the HTTP listener and the serve-time
 * startup work switched off, so a command never competes with a running server for its port or data directory.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && StagegateApp.oneShot().contains(args[0])) {
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
