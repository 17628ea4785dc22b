package io.stagegate.mining;

import io.stagegate.stats.SequentialTest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Replay against a running experiment, with a population of simulated users (each query is sent by one of them, as
 * its X-Client-Id, so an A/B experiment keeps every user on one arm, and clicks with its own persistent propensity)
 * and, optionally, a tester who watches the comparison query by query and stops at the first always-valid
 * significant difference. Results are consumed in the order the
 * queries were drawn, whatever the concurrency, so a seed reproduces its run exactly.
 */
public final class ExperimentReplay {
    /**
     * @param plannedQueries a fixed-horizon size chosen in advance (0: none): the fixed test is read once there, and
     *                       {@code untilSignificant} runs at least that far so both tests see their own stopping point
     */
    public record Settings(String experiment, int users, int rounds, boolean shuffle, String better, boolean untilSignificant,
                    long maxQueries, int topN, long seed, long plannedQueries) {
        public Settings(String experiment, int users, int rounds, boolean shuffle, String better,
                        boolean untilSignificant, long maxQueries, int topN, long seed) {
            this(experiment, users, rounds, shuffle, better, untilSignificant, maxQueries, topN, seed, 0);
        }
    }

    /** A finished run: queries sent, the arms they reached, and where (if at all) the comparison was decided. */
    /**
     * @param significantAt      queries at the first always-valid p < 0.05 (0: undecided); {@code p} its p-value
     * @param fixedSignificantAt queries at which a fixed-horizon test read after every query would first have said
     *                           p < 0.05 (what peeking stops at; contrast only), {@code fixedP} its last p-value
     */
    public record Result(String experiment, String mode, long seed, long queries, long units, Map<String, Long> arms,
                         long significantAt, Boolean betterWon, double pValue, long fixedSignificantAt, double fixedP,
                         long wins, long losses, long errors, long feedbackFailed, long plannedQueries,
                         double plannedFixedP, double difference, double fixedZ, long plannedUnitsPerArm) {
        public String json() {
            return String.format(Locale.ROOT, "{\"experiment\": \"%s\", \"mode\": \"%s\", \"seed\": %d, \"queries\": %d, "
                            + "\"units\": %d, \"arms\": %s, \"test\": \"always-valid mixture SPRT\", \"significant_at\": %d, "
                            + "\"better_won\": %s, \"p\": %.6g, \"fixed_significant_at\": %d, \"fixed_p\": %.6g, "
                            + "\"wins\": %d, \"losses\": %d, \"errors\": %d, \"feedback_failed\": %d, "
                            + "\"planned_queries\": %d, \"planned_fixed_p\": %.6g, \"difference\": %.6g, "
                            + "\"fixed_z\": %.6g, \"planned_units_per_arm\": %d}", experiment, mode,
                    seed, queries, units, armsJson(), significantAt, betterWon, pValue, fixedSignificantAt, fixedP, wins,
                    losses, errors, feedbackFailed, plannedQueries, plannedFixedP, difference, fixedZ, plannedUnitsPerArm);
        }

        private String armsJson() {
            StringBuilder b = new StringBuilder("{");
            arms.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
            return b.append('}').toString();
        }
    }

    private record Draw(String queryId, int round, String user) {
    }

    private record Seen(String user, GatewayClient.Answer answer, List<ClickModel.Click> clicks) {
    }

    private final Settings settings;
    private final GatewayClient gateway;
    private final ReplayQueries queries;
    private final ClickModel clicks;
    private final java.util.concurrent.atomic.AtomicLong feedbackFailed = new java.util.concurrent.atomic.AtomicLong();

    public ExperimentReplay(Settings settings, GatewayClient gateway, ReplayQueries queries, ClickModel clicks) {
        this.settings = settings;
        this.gateway = gateway;
        this.queries = queries;
        this.clicks = clicks;
    }

    public Result run(ExecutorService pool, int concurrency) throws Exception {
        List<Draw> draws = draws();
        SequentialComparison comparison = new SequentialComparison(settings.better() == null ? "" : settings.better(),
                settings.users() > 0 ? settings.users() : SequentialTest.DEFAULT_TUNING_UNITS);
        Map<String, Long> arms = new LinkedHashMap<>();
        String mode = null;
        long errors = 0;
        double plannedFixedP = Double.NaN;
        Deque<Future<Seen>> inFlight = new ArrayDeque<>();
        int next = 0;
        while (next < draws.size() || !inFlight.isEmpty()) {
            while (next < draws.size() && inFlight.size() < concurrency) {
                Draw d = draws.get(next++);
                inFlight.add(pool.submit(() -> one(d)));
            }
            Seen seen;
            try {
                seen = inFlight.removeFirst().get();
            } catch (java.util.concurrent.ExecutionException e) {
                errors++;
                continue;
            }
            GatewayClient.Answer a = seen.answer();
            if (!settings.experiment().equals(a.experiment())) {
                throw new IllegalStateException("query " + a.requestId() + " was not routed by experiment '"
                        + settings.experiment() + "' (routing: " + a.experiment() + "/" + a.arm()
                        + "); is it running, and is no pair named?");
            }
            arms.merge(a.arm(), 1L, Long::sum);
            if ("interleave".equals(a.arm())) {
                mode = "interleave";
                List<String> clickedArms = new ArrayList<>();
                for (ClickModel.Click c : seen.clicks()) {
                    clickedArms.add(a.hitArms().get(c.position() - 1));
                }
                comparison.interleaved(clickedArms);
            } else {
                mode = "ab";
                comparison.ab(seen.user(), a.arm(), seen.clicks().isEmpty() ? 0 : seen.clicks().get(0).position());
            }
            if (comparison.queries() == settings.plannedQueries()) {
                plannedFixedP = comparison.fixedPValue();
            }
            if (settings.untilSignificant() && comparison.decided() && comparison.queries() >= settings.plannedQueries()) {
                inFlight.forEach(f -> f.cancel(true));
                break;
            }
        }
        return new Result(settings.experiment(), mode, settings.seed(), comparison.queries(), comparison.units(), arms,
                comparison.significantAt(), comparison.decided() ? comparison.betterWon() : null, comparison.pValue(),
                comparison.fixedSignificantAt(), comparison.fixedPValue(), comparison.wins(), comparison.losses(), errors,
                feedbackFailed.get(), settings.plannedQueries(), plannedFixedP, comparison.difference(),
                comparison.fixedZ(), comparison.plannedUnitsPerArm());
    }

    private Seen one(Draw d) throws Exception {
        GatewayClient.Answer answer = null;
        // A polite client: told 429, it waits Retry-After and asks again, so overload never drops a query from the test.
        for (int attempt = 0; answer == null; attempt++) {
            try {
                answer = gateway.search(queries.texts().get(d.queryId()), settings.topN(), null, d.user());
            } catch (GatewayClient.Refused refused) {
                if (attempt >= 30) {
                    throw refused;
                }
                Thread.sleep(1000 * Math.max(1, refused.retryAfterSeconds));
            }
        }
        // Each round draws fresh clicks for the same query: the same user model, another day.
        List<ClickModel.Click> c = clicks.clicks(d.queryId() + "#" + d.round(), answer.ids(),
                queries.grades().get(d.queryId()), clicks.attention(d.user()));
        if (!c.isEmpty()) {
            List<Map<String, Object>> signals = new ArrayList<>();
            for (ClickModel.Click click : c) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("queryId", answer.requestId());
                s.put("actionName", "click");
                s.put("objectId", click.docId());
                s.put("position", click.position());
                signals.add(s);
            }
            try {
                gateway.feedback(signals, d.user() == null ? "replay" : d.user(), ReplayQueries.sessionId(d.queryId()));
            } catch (java.io.IOException e) {
                // The comparison needs the clicks, not the gateway's record of them: count and go on.
                feedbackFailed.incrementAndGet();
            }
        }
        return new Seen(d.user(), answer, c);
    }

    /** The queries in the order they are sent: rounds of the split, shuffled per round if asked, each with a user. */
    private List<Draw> draws() {
        Random random = new Random(settings.seed());
        List<Draw> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(queries.texts().keySet());
        for (int r = 0; r < settings.rounds() && out.size() < settings.maxQueries(); r++) {
            List<String> order = new ArrayList<>(ids);
            if (settings.shuffle()) {
                Collections.shuffle(order, random);
            }
            for (String id : order) {
                if (out.size() >= settings.maxQueries()) {
                    break;
                }
                String user = settings.users() > 0 ? "user-" + random.nextInt(settings.users()) : null;
                out.add(new Draw(id, r, user));
            }
        }
        return out;
    }
}
