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

    @Command(name = "stagegate", mixinStandardHelpOptions = true,
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

    @Override
    public int run(String... args) {
        // Every path checks the configuration, not only serving: a CLI run on a bad setting fails up front, naming it.
        try {
            io.stagegate.config.ConfigChecks.validate(config);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        CommandLine cli = new CommandLine(new Root())
                .addSubcommand(new Serve())
                .addSubcommand(new IngestCommand(config))
                .addSubcommand(new EvalCommand(config))
                .addSubcommand(new CopyIndexCommand(config))
                .addSubcommand(new GenerateCrossEncoderCommand())
                .addSubcommand(new BenchLimitCommand(config))
                .addSubcommand(new MineCommand(config))
                .addSubcommand(new ReplayCommand())
                .addSubcommand(new ReportCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }
}
