package io.stagegate.cli;

import io.stagegate.config.StagegateConfig;
import io.stagegate.events.EventJson;
import io.stagegate.events.SpoolReader;
import io.stagegate.events.TopicReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stagegate events export}: events as JSON lines, from a gateway's spool (the trainer's path without Kafka:
 * what waits there is every event since Kafka last took one) or from the topics, optionally within a time range, in
 * the form {@code mine --events} and {@code report --events} read.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write events (query, feedback, shadow, training) as JSON lines, from the spool or the topics.")
final class EventsExportCommand implements Callable<Integer> {
    private final StagegateConfig config;

    @Option(names = "--spool", paramLabel = "DIR", description = "A spool directory (default: <data-dir>/events-spool, "
            + "or stagegate.events.spool.dir); readable while its gateway runs")
    Path spool;

    @Option(names = "--bootstrap-servers", description = "Read the topics of stagegate.events.topics.* from this Kafka "
            + "instead of the spool")
    String bootstrapServers;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Only events at or after, e.g. 2026-12-01T00:00:00Z")
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Only events before")
    String until;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Write here (default: stdout)")
    Path out;

    EventsExportCommand(StagegateConfig config) {
        this.config = config;
    }

    @Override
    public Integer call() throws Exception {
        if (spool != null && bootstrapServers != null) {
            throw new IllegalArgumentException("give --spool or --bootstrap-servers, not both");
        }
        Instant from = instant("--since", since, Instant.MIN);
        Instant to = instant("--until", until, Instant.MAX);
        long[] counts = new long[2];
        try (OutputStream o = out == null ? new BufferedOutputStream(System.out)
                : new BufferedOutputStream(Files.newOutputStream(out))) {
            java.util.function.Consumer<byte[]> write = json -> {
                counts[0]++;
                if (within(json, from, to)) {
                    try {
                        o.write(json);
                        o.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    counts[1]++;
                }
            };
            if (bootstrapServers != null) {
                StagegateConfig.TopicsConfig t = config.events().topics();
                new TopicReader(bootstrapServers, Duration.ofSeconds(60))
                        .read(List.of(t.query(), t.feedback(), t.shadow(), t.training()), write);
            } else {
                Path dir = spool != null ? spool : Path.of(config.events().spool().dir()
                        .orElse(Path.of(config.dataDir()).resolve("events-spool").toString()));
                SpoolReader.read(dir, r -> write.accept(r.value()));
            }
        }
        System.err.printf("exported %d of %d events%n", counts[1], counts[0]);
        return 0;
    }

    /** Events carry an ISO-8601 timestamp; one without a readable one is kept only when no range is asked. */
    private static boolean within(byte[] json, Instant from, Instant to) {
        if (from == Instant.MIN && to == Instant.MAX) {
            return true;
        }
        try {
            Instant at = Instant.parse(EventJson.mapper().readTree(json).path("timestamp").asText());
            return !at.isBefore(from) && at.isBefore(to);
        } catch (IOException | DateTimeParseException e) {
            return false;
        }
    }

    private static Instant instant(String option, String value, Instant absent) {
        if (value == null) {
            return absent;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an ISO-8601 instant like 2026-12-01T00:00:00Z, was '"
                    + value + "'");
        }
    }
}
