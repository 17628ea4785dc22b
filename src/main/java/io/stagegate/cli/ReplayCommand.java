package io.stagegate.cli;

import io.stagegate.mining.ClickModel;
import io.stagegate.mining.DurationConverter;
import io.stagegate.mining.ExperimentReplay;
import io.stagegate.mining.GatewayClient;
import io.stagegate.mining.ReplayQueries;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * stagegate replay: BEIR queries against a running gateway, with simulated clicks on the results (see
 * {@link ClickModel}) sent as feedback, so that the event pipeline and the miner have traffic to work on.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replay a BEIR split against a running gateway with simulated clicks as feedback.")
public final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Gateway base URL (default ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "BEIR dataset directory")
    Path dataset;

    @Option(names = "--split", defaultValue = "test", description = "qrels split (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--pair", description = "Pair to search with (default: the gateway's routing)")
    String pair;

    @Option(names = "--top-n", defaultValue = "10", description = "Results shown per query (default ${DEFAULT-VALUE})")
    int topN;

    @Option(names = "--limit", paramLabel = "N", description = "Replay only the first N judged queries")
    Integer limit;

    @Option(names = "--concurrency", defaultValue = "4", description = "Queries in flight (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--seed", defaultValue = "42", description = "Click-model seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--eta", defaultValue = "1.0", description = "Position-bias exponent (default ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--noise", defaultValue = "0.05", description = "False-click probability per non-relevant result (default ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--client-id", defaultValue = "replay", description = "X-Client-Id of the feedback (default ${DEFAULT-VALUE})")
    String clientId;

    @Option(names = "--views", description = "Also send a view for every shown result")
    boolean views;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "Per-request timeout (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--experiment", paramLabel = "ID",
            description = "Replay against this running experiment: queries go without a pair, from --users simulated users")
    String experiment;

    @Option(names = "--users", defaultValue = "1000", description = "Simulated users (X-Client-Id) with --experiment (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--rounds", defaultValue = "1", description = "Replay the split this many times, fresh clicks each time (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--shuffle", description = "Send each round's queries in a seeded random order")
    boolean shuffle;

    @Option(names = "--better", paramLabel = "PAIR", description = "With --experiment: the pair expected to win, for the sequential test")
    String better;

    @Option(names = "--until-significant", description = "With --better: stop at the first always-valid p < 0.05 (mixture SPRT, either direction; safe to stop on at any query)")
    boolean untilSignificant;

    @Option(names = "--max-queries", defaultValue = "1000000", description = "With --experiment: stop after this many queries")
    long maxQueries;

    @Option(names = "--planned-queries", defaultValue = "0", description = "With --experiment: read the fixed-horizon test once at this pre-planned size (and run at least this far)")
    long plannedQueries;

    /** What happened to one query. */
    record Outcome(boolean searched, boolean relevantShown, int trueClicks, int noiseClicks, boolean feedbackFailed,
                   String error) {
    }

    @Override
    public Integer call() throws Exception {
        if (topN < 1 || concurrency < 1 || (limit != null && limit < 1)) {
            throw new IllegalArgumentException("--top-n, --concurrency and --limit must be positive");
        }
        ClickModel clicks = new ClickModel(seed, eta, noise);
        ReplayQueries queries = ReplayQueries.load(dataset, split);
        if (experiment != null) {
            return replayExperiment(clicks, queries);
        }
        List<String> ids = new ArrayList<>(queries.texts().keySet());
        if (limit != null && limit < ids.size()) {
            ids = ids.subList(0, limit);
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            GatewayClient gateway = new GatewayClient(http, url, timeout);
            gateway.checkReachable();
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> replay(gateway, clicks, id, queries)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            print(outcomes);
        }
        return 0;
    }

    /** Prints one JSON line: queries sent, arms reached, and where the sequential comparison was decided. */
    private int replayExperiment(ClickModel clicks, ReplayQueries queries) throws Exception {
        if (pair != null || users < 0 || rounds < 1 || (untilSignificant && better == null) || plannedQueries < 0
                || plannedQueries > maxQueries) {
            throw new IllegalArgumentException("--experiment takes no --pair; --users >= 0, --rounds >= 1; "
                    + "--until-significant needs --better; --planned-queries must be 0..--max-queries");
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            GatewayClient gateway = new GatewayClient(http, url, timeout);
            gateway.checkReachable();
            ExperimentReplay.Result r = new ExperimentReplay(new ExperimentReplay.Settings(experiment, users, rounds, shuffle,
                    better, untilSignificant, maxQueries, topN, seed, plannedQueries), gateway, queries, clicks).run(pool, concurrency);
            System.out.println(r.json());
        }
        return 0;
    }

    Outcome replay(GatewayClient gateway, ClickModel model, String id, ReplayQueries queries) throws InterruptedException {
        GatewayClient.Answer answer;
        try {
            answer = gateway.search(queries.texts().get(id), topN, pair);
        } catch (java.io.IOException e) {
            return new Outcome(false, false, 0, 0, false, e.getMessage());
        }
        Map<String, Integer> grades = queries.grades().get(id);
        boolean relevantShown = answer.ids().stream().anyMatch(d -> grades.getOrDefault(d, 0) > 0);
        List<ClickModel.Click> clicked = model.clicks(id, answer.ids(), grades);
        List<Map<String, Object>> signals = new ArrayList<>();
        if (views) {
            for (int i = 0; i < answer.ids().size(); i++) {
                signals.add(signal(answer.requestId(), "view", answer.ids().get(i), i + 1));
            }
        }
        clicked.forEach(c -> signals.add(signal(answer.requestId(), "click", c.docId(), c.position())));
        int relevant = (int) clicked.stream().filter(ClickModel.Click::relevant).count();
        if (signals.isEmpty()) {
            return new Outcome(true, relevantShown, 0, 0, false, null);
        }
        try {
            gateway.feedback(signals, clientId, sessionId(id));
            return new Outcome(true, relevantShown, relevant, clicked.size() - relevant, false, null);
        } catch (java.io.IOException e) {
            return new Outcome(true, relevantShown, relevant, clicked.size() - relevant, true, e.getMessage());
        }
    }

    private static Map<String, Object> signal(String queryId, String action, String docId, int position) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("queryId", queryId);
        s.put("actionName", action);
        s.put("objectId", docId);
        s.put("position", position);
        return s;
    }

    /** One session per query, in the alphabet the feedback endpoint accepts. */
    public static String sessionId(String queryId) {
        return ReplayQueries.sessionId(queryId);
    }

    private void print(List<Outcome> outcomes) {
        long searched = outcomes.stream().filter(Outcome::searched).count();
        long relevantShown = outcomes.stream().filter(Outcome::relevantShown).count();
        long trueClicks = outcomes.stream().mapToLong(Outcome::trueClicks).sum();
        long noiseClicks = outcomes.stream().mapToLong(Outcome::noiseClicks).sum();
        long feedbackFailed = outcomes.stream().filter(Outcome::feedbackFailed).count();
        System.out.printf("replay: sent %d queries to %s (%d searches failed); %d clicks (%d on relevant results, %d noise),"
                        + " %d feedback posts failed; %.1f%% of answered queries showed at least one relevant document"
                        + " in the top %d (seed %d, eta %.2f, noise %.3f).%n",
                outcomes.size(), url, outcomes.size() - searched, trueClicks + noiseClicks, trueClicks, noiseClicks,
                feedbackFailed, searched == 0 ? 0.0 : 100.0 * relevantShown / searched, topN, seed, eta, noise);
        outcomes.stream().map(Outcome::error).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(e -> System.out.println("first error: " + e));
    }
}
