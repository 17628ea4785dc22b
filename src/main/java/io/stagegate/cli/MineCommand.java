package io.stagegate.cli;

import io.stagegate.mining.CorpusView;
import io.stagegate.mining.DurationConverter;
import io.stagegate.mining.EmbeddingScorer;
import io.stagegate.mining.EventSource;
import io.stagegate.mining.HardNegativeMiner;
import io.stagegate.mining.HardnessReport;
import io.stagegate.mining.JsonlCorpusView;
import io.stagegate.mining.LuceneCorpusView;
import io.stagegate.mining.MiningRun;
import io.stagegate.mining.MiningSettings;
import io.stagegate.mining.QueryText;
import io.stagegate.mining.ReplayQueries;
import io.stagegate.mining.Tally;
import io.stagegate.mining.TrainingExample;
import io.stagegate.mining.TrainingPublisher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stagegate.app.GatewayProducer;
import io.stagegate.config.StagegateConfig;
import io.stagegate.events.EventJson;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.TrainingEvent;
import io.stagegate.model.ModelCatalog;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** stagegate mine: a bounded batch run from query and feedback events to FlagEmbedding training examples. */
@Command(name = "mine", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Mine hard negatives from query and feedback events (Kafka topics or event JSONL files).")
public final class MineCommand implements Callable<Integer> {
    private final StagegateConfig config;
    private final Clock clock;

    @Option(names = "--events", arity = "1..*", paramLabel = "FILE",
            description = "Event JSONL files (one event per line, any schema mix) instead of Kafka")
    List<Path> events;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (input unless --events; --to-topic output)")
    String bootstrapServers;

    @Option(names = "--query-topic", defaultValue = QueryEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String queryTopic;

    @Option(names = "--feedback-topic", defaultValue = FeedbackEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String feedbackTopic;

    @Option(names = "--window", defaultValue = "30m", converter = DurationConverter.class,
            description = "Feedback counts up to this long after its query (default ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--skew", defaultValue = "30s", converter = DurationConverter.class,
            description = "...and this long before it, for clock skew between instances (default ${DEFAULT-VALUE})")
    Duration skew;

    @Option(names = "--depth", defaultValue = "20", description = "Negatives come from the top N of the ranking (default ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--count", defaultValue = "7", description = "Negatives per example at most (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--mode", defaultValue = "mined", description = "mined | refresh (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--refresh-embedder", paramLabel = "ID", description = "refresh mode: the checkpoint that re-scores the pools")
    String refreshEmbedder;

    @Option(names = "--corpus", paramLabel = "FILE", description = "BEIR corpus.jsonl with the texts (instead of --data-dir)")
    Path corpus;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Gateway data directory, read-only (may be in use by a server; default: stagegate.data-dir)")
    Path dataDir;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Write FlagEmbedding lines {query, pos, neg, meta}")
    Path out;

    @Option(names = "--to-topic", description = "Publish training events to --training-topic (needs --bootstrap-servers)")
    boolean toTopic;

    @Option(names = "--training-topic", defaultValue = TrainingEvent.SCHEMA, description = "default ${DEFAULT-VALUE}")
    String trainingTopic;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the hardness report here (default: stdout)")
    Path report;

    @Option(names = "--scorer", paramLabel = "ID",
            description = "Checkpoint for the similarity figures (default: the pair's embedder; 'none' to skip)")
    String scorer;

    @Option(names = "--judgements", paramLabel = "DIR",
            description = "A BEIR dataset dir (queries.jsonl, qrels/<split>.tsv): report label quality of positives and "
                    + "negatives against its judgements")
    Path judgements;

    @Option(names = "--judgements-split", defaultValue = "test", description = "qrels split of --judgements (default ${DEFAULT-VALUE})")
    String judgementsSplit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random-document draw (default ${DEFAULT-VALUE})")
    long seed;

    public MineCommand(StagegateConfig config) {
        this(config, Clock.systemUTC());
    }

    public MineCommand(StagegateConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        TrainingExample.Mode runMode = parseMode();
        if ((toTopic || events == null) && bootstrapServers == null) {
            throw new IllegalArgumentException("give --events FILE... or --bootstrap-servers (which --to-topic also needs)");
        }
        if (corpus != null && dataDir != null) {
            throw new IllegalArgumentException("give either --corpus or --data-dir, not both");
        }
        HardNegativeMiner miner = new HardNegativeMiner(new MiningSettings(window, skew, depth, count));
        Tally input = new Tally();
        EventSource source = new EventSource(input);
        if (events != null) {
            for (Path file : events) {
                source.readFile(file, miner::add);
            }
        } else {
            new io.stagegate.events.TopicReader(bootstrapServers, Duration.ofSeconds(60))
                    .read(List.of(queryTopic, feedbackTopic), json -> source.parse(json).ifPresent(miner::add));
        }
        try (CorpusView texts = corpus != null ? JsonlCorpusView.read(corpus)
                : LuceneCorpusView.openDataDir(dataDir != null ? dataDir : Path.of(config.dataDir()));
             ModelCatalog catalog = needsModels(runMode) ? GatewayProducer.catalog(config) : null) {
            MiningRun run = runMode == TrainingExample.Mode.REFRESH
                    ? miner.refresh(texts, new EmbeddingScorer(catalog.embedder(refreshEmbedder), texts))
                    : miner.mine(texts);
            Map<String, Long> counts = new LinkedHashMap<>(input.snapshot());
            run.counts().forEach((k, v) -> counts.merge(k, v, Long::sum));
            run = new MiningRun(run.mode(), run.examples(), counts, run.skipped());
            int published = write(run);
            EmbeddingScorer similarity = similarityScorer(run, catalog, texts);
            Map<String, Object> hardness = new LinkedHashMap<>(HardnessReport.of(run, texts, similarity, seed,
                    judgements == null ? null : relevantByQuery()));
            hardness.put("settings", Map.of("window", window.toString(), "skew", skew.toString(), "depth", depth,
                    "count", count, "refresh_embedder", String.valueOf(refreshEmbedder)));
            hardness.put("published", published);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (report != null) {
                json.writeValue(report.toFile(), hardness);
            } else {
                System.out.println(json.writeValueAsString(hardness));
            }
            summary(report != null ? System.out : System.err, hardness, run, published);
        }
        return 0;
    }

    /** Judged-relevant doc ids per normalised query text (examples carry the text, not the dataset's query id). */
    private Map<String, java.util.Set<String>> relevantByQuery() throws java.io.IOException {
        ReplayQueries judged = ReplayQueries.load(judgements, judgementsSplit);
        Map<String, java.util.Set<String>> out = new java.util.HashMap<>();
        judged.grades().forEach((id, grades) -> grades.forEach((doc, grade) -> {
            if (grade > 0) {
                out.computeIfAbsent(QueryText.normalise(judged.texts().get(id)), k -> new java.util.HashSet<>()).add(doc);
            }
        }));
        return out;
    }

    private TrainingExample.Mode parseMode() {
        return switch (mode) {
            case "mined" -> TrainingExample.Mode.MINED;
            case "refresh" -> {
                if (refreshEmbedder == null) {
                    throw new IllegalArgumentException("--mode refresh needs --refresh-embedder ID");
                }
                yield TrainingExample.Mode.REFRESH;
            }
            default -> throw new IllegalArgumentException("--mode must be mined or refresh, was " + mode);
        };
    }

    private boolean needsModels(TrainingExample.Mode runMode) {
        return runMode == TrainingExample.Mode.REFRESH || !"none".equals(scorer);
    }

    private int write(MiningRun run) throws Exception {
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (TrainingExample e : run.examples()) {
                    w.write(EventJson.mapper().writeValueAsString(e.flagEmbeddingLine()));
                    w.write('\n');
                }
            }
        }
        if (!toTopic) {
            return 0;
        }
        Instant now = clock.instant();
        return TrainingPublisher.publish(bootstrapServers, config.events().kafka(), trainingTopic,
                run.examples().stream().map(e -> e.toEvent(now)).toList());
    }

    /** The named scorer, else the embedder most examples were served with, if this process knows it. */
    private EmbeddingScorer similarityScorer(MiningRun run, ModelCatalog catalog, CorpusView texts) {
        if (catalog == null || "none".equals(scorer)) {
            return null;
        }
        String id = scorer;
        if (id == null) {
            id = run.examples().stream().map(TrainingExample::embedder).filter(java.util.Objects::nonNull)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting())).entrySet().stream()
                    .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            if (id == null || catalog.checkpoint(id).isEmpty()) {
                System.err.println("note: no similarity figures (the pair's embedder " + id
                        + " is not a checkpoint here; name one with --scorer)");
                return null;
            }
        }
        return new EmbeddingScorer(catalog.embedder(id), texts);
    }

    @SuppressWarnings("unchecked")
    private void summary(PrintStream ps, Map<String, Object> hardness, MiningRun run, int published) {
        Map<String, Long> c = run.counts();
        Map<String, Object> neg = (Map<String, Object>) hardness.get("negatives");
        Map<String, Object> sim = (Map<String, Object>) hardness.get("similarity");
        ps.printf("mine (%s): read %d query and %d feedback events (%d duplicates dropped, %d invalid), joined %d feedback"
                        + " (%d outside the %s window, %d without their query); wrote %d examples (skipped %s), %.2f positives"
                        + " and %.2f negatives per example, mean ANN rank of mined negatives %s%s%s%s.%n",
                run.mode().wire(), c.getOrDefault("queries_seen", 0L), c.getOrDefault("feedback_seen", 0L),
                c.getOrDefault("duplicates_dropped", 0L), c.getOrDefault("invalid_events", 0L),
                c.getOrDefault("feedback_joined", 0L), c.getOrDefault("feedback_outside_window", 0L), window,
                c.getOrDefault("feedback_without_query", 0L), run.examples().size(),
                run.skipped().isEmpty() ? "none" : run.skipped(), orZero(hardness.get("mean_pos_per_example")),
                orZero(hardness.get("mean_neg_per_example")), neg.get("mean_ann_rank"),
                sim == null ? "" : String.format("; similarity under %s: mined %s vs random %s", sim.get("scorer"),
                        sim.get("mean_mined_negative"), sim.get("mean_random_negative")),
                out == null ? "" : "; lines in " + out,
                toTopic ? "; published " + published + " to " + trainingTopic : "");
    }

    private static double orZero(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
