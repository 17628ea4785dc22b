package io.stagegate.cli;

import picocli.CommandLine.Command;

/** {@code stagegate events}: commands over the event log (the topics, or a gateway's spool). */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Commands over the event log: export (spool or topics to JSONL).")
final class EventsCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("give a subcommand: stagegate events export --help");
    }
}
