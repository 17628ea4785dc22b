package io.stagegate.cli;

import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code stagegate grpc-call} with these arguments, printing to {@code out}; its exit code. */
public final class GrpcCalls {
    private GrpcCalls() {
    }

    public static int run(List<String> args, PrintStream out) {
        CommandLine cli = new CommandLine(new GrpcCallCommand(out));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            out.println("error: " + e.getMessage());
            return 2;
        });
        return cli.execute(args.toArray(String[]::new));
    }
}
