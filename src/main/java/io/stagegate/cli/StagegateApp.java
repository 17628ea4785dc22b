package io.stagegate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.stagegate.config.StagegateConfig;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Dispatches the command line once Quarkus has read the configuration. */
public class StagegateApp implements QuarkusApplication {
    @Inject
    StagegateConfig config;

    /** The version --version prints: the jar's, else the build's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StagegateApp.class.getPackage().getImplementationVersion();
            return new String[] {"stagegate " + (v == null ? "(development build)" : v)};
        }
    }

    @Command(name = "stagegate", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Reactive streaming retrieval gateway: embed, ANN search, rerank.",
            subcommands = CommandLine.HelpCommand.class)
    static final class Root implements Callable<Integer> {
        @Override
        public Integer call() {
            return serve();
        }
    }

    @Command(name = "serve", description = "Run the gateway (the default when no command is given).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            return serve();
        }
    }

    static int serve() {
        Quarkus.waitForExit();
        return 0;
    }

    /**
     * Every command, registered once: what runs, and what {@link Main} starts without a listener (every command but
     * serve). {@code config} may be null when only the names are wanted; no command reads it before it runs.
     */
    static CommandLine commandLine(StagegateConfig config) {
        return new CommandLine(new Root())
                .addSubcommand(new Serve())
                .addSubcommand(new IngestCommand(config))
                .addSubcommand(new EvalCommand(config))
                .addSubcommand(new CopyIndexCommand(config))
                .addSubcommand(new GenerateCrossEncoderCommand())
                .addSubcommand(new BenchLimitCommand(config))
                .addSubcommand(new MineCommand(config))
                .addSubcommand(new ReplayCommand())
                .addSubcommand(new ReportCommand())
                .addSubcommand(new SimulateReportCommand())
                .addSubcommand(new GrpcCallCommand())
                .addSubcommand(new CommandLine(new EventsCommand()).addSubcommand(new EventsExportCommand(config)));
    }

    /** The first arguments that run a command once (every subcommand but serve, and the help flags). */
    static java.util.Set<String> oneShot() {
        java.util.Set<String> names = new java.util.TreeSet<>(commandLine(null).getSubcommands().keySet());
        names.remove("serve");
        names.addAll(java.util.List.of("--help", "-h", "--version", "-V"));
        return names;
    }

    @Override
    public int run(String... args) {
        // Every path checks the configuration, not only serving: a CLI run on a bad setting fails up front, naming it.
        try {
            io.stagegate.config.ConfigChecks.validate(config);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        CommandLine cli = commandLine(config);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
