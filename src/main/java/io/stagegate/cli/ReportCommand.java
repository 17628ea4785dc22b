package io.stagegate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagegate.events.EventJson;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.ShadowEvent;
import io.stagegate.events.TopicReader;
import io.stagegate.experiments.report.ExperimentReport;
import io.stagegate.experiments.report.ReportBuilder;
import io.stagegate.experiments.report.ReportHtml;
import io.stagegate.experiments.report.ReportInput;
import io.stagegate.experiments.report.ReportOptions;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stagegate report}: an experiment's report from the event log (the Kafka topics, or event JSONL files), by
 * the same code as the live endpoint, so testers and trainers read the same figures from the log as from the gateway.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Experiment report (A/B, interleaving, shadows) from the query, feedback and shadow topics or files.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--experiment", required = true, paramLabel = "ID")
    String experiment;

    @Option(names = "--events", arity = "1..*", paramLabel = "FILE", description = "Event JSONL files (any schema mix)")
    List<Path> events;

    @Option(names = "--bootstrap-servers", description = "Read the topics from this Kafka instead of files")
    String bootstrapServers;

    @Option(names = "--query-topic", defaultValue = QueryEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String queryTopic;

    @Option(names = "--feedback-topic", defaultValue = FeedbackEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String feedbackTopic;

    @Option(names = "--shadow-topic", defaultValue = ShadowEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String shadowTopic;

    @Option(names = "--arms", split = ",", paramLabel = "PAIR", description = "Arm order, control first (default: the experiment definition's order, which query events record; by name for events without it)")
    List<String> arms = List.of();

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the JSON report here (default: stdout)")
    Path out;

    @Option(names = "--html", paramLabel = "FILE.html", description = "Also write the HTML page")
    Path html;

    @Option(names = "--iterations", defaultValue = "" + ReportBuilder.DEFAULT_ITERATIONS,
            description = "Bootstrap resamples (default ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed", defaultValue = "" + ReportBuilder.DEFAULT_SEED, description = "Bootstrap seed")
    long seed;

    @Option(names = "--alpha", defaultValue = "0.05", description = "Error rate of every test and interval (default ${DEFAULT-VALUE}: 95%% intervals)")
    double alpha;

    @Option(names = "--mde", defaultValue = "0.02", description = "Smallest click-through difference worth detecting, absolute (default ${DEFAULT-VALUE})")
    double mde;

    @Option(names = "--power", defaultValue = "0.8", description = "The plan's power at the MDE (default ${DEFAULT-VALUE})")
    double power;

    @Option(names = "--tuning-units", defaultValue = "10000", description = "Units (both arms) where the always-valid interval is narrowest (default ${DEFAULT-VALUE})")
    long tuningUnits;

    @Option(names = "--cuped-window-days", defaultValue = "14", description = "Pre-period history CUPED uses, days before the experiment's first query (default ${DEFAULT-VALUE})")
    long cupedWindowDays;

    @Option(names = "--latency-tolerance", defaultValue = "0.10", description = "Tolerated latency degradation, relative to the control (default ${DEFAULT-VALUE})")
    double latencyTolerance;

    @Option(names = "--rate-tolerance", defaultValue = "0.01", description = "Tolerated rise of error, timeout and zero-result rates, absolute (default ${DEFAULT-VALUE})")
    double rateTolerance;

    @Option(names = "--plan", description = "Print only the plan: units per arm needed for the MDE, from the variance seen so far")
    boolean planOnly;

    ReportOptions options() {
        return new ReportOptions(alpha, mde, power, tuningUnits, Duration.ofDays(cupedWindowDays), latencyTolerance,
                rateTolerance);
    }

    @Override
    public Integer call() throws Exception {
        ReportOptions options = options();
        if ((events == null) == (bootstrapServers == null)) {
            throw new IllegalArgumentException("give either --events FILE... or --bootstrap-servers");
        }
        ReportInput input = new ReportInput(experiment);
        if (events != null) {
            for (Path file : events) {
                try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            add(input, line.getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } else {
            new TopicReader(bootstrapServers, Duration.ofSeconds(60)).read(List.of(queryTopic, feedbackTopic, shadowTopic),
                    json -> add(input, json));
        }
        ExperimentReport report = new ReportBuilder(iterations, seed).build(input, arms, options);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (planOnly) {
            if (report.units() == null || report.units().plan() == null) {
                throw new IllegalArgumentException("experiment " + experiment + " has no A/B control units to plan from");
            }
            System.out.println(mapper.writeValueAsString(report.units().plan()));
            return 0;
        }
        byte[] json = mapper.writeValueAsBytes(report);
        if (out != null) {
            Files.write(out, json);
        } else {
            System.out.write(json);
            System.out.println();
        }
        if (html != null) {
            Files.writeString(html, ReportHtml.render(report));
        }
        return 0;
    }

    /** Query, feedback and shadow events count; anything else (or malformed) is skipped. */
    private static void add(ReportInput input, byte[] json) {
        try {
            switch (EventJson.schemaOf(json)) {
                case QueryEvent.SCHEMA -> input.query(EventJson.read(json, QueryEvent.class));
                case FeedbackEvent.SCHEMA -> input.feedback(EventJson.read(json, FeedbackEvent.class));
                case ShadowEvent.SCHEMA -> input.shadow(EventJson.read(json, ShadowEvent.class));
                default -> {
                }
            }
        } catch (RuntimeException malformed) {
            // One bad record must not stop a report over millions.
        }
    }
}
