package io.stagegate.experiments.report;

import io.stagegate.events.Event;
import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.ShadowEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live report's memory: for each experiment, its last {@code window} served queries (in compact form), the clicks
 * on them and its last {@code window} shadow comparisons. Fed with every event the gateway publishes; evicting a
 * query forgets its clicks too, so memory stays bounded however long an experiment runs. It also keeps the last
 * {@code window} queries outside experiments from known clients or sessions, the pre-period CUPED regresses on. After a restart it starts
 * empty: the offline report ({@code stagegate report}) reads the topics for the whole history.
 */
public final class ExperimentLog {
    /** What an empty live report says (the experiment id fills it in). */
    public static final String EMPTY_NOTE = "no traffic of this experiment since this gateway started: the live report "
            + "holds what this replica served since its start (at most stagegate.routing.report-window queries). For "
            + "the whole history, read the topics: stagegate report --experiment %s --bootstrap-servers HOST:PORT";
    private final int window;
    private final Map<String, Deque<ReportInput.Query>> queries = new HashMap<>();
    private final Map<String, Deque<ShadowEvent>> shadows = new HashMap<>();
    private final Map<String, String> experimentOf = new HashMap<>();
    private final Map<String, List<ReportInput.Click>> clicks = new HashMap<>();
    /** Recent queries outside experiments from known clients or sessions: the CUPED pre-period of the live report. */
    private final Deque<ReportInput.Prior> priors = new ArrayDeque<>();
    private final java.util.Set<String> priorIds = new java.util.HashSet<>();

    private java.util.function.Consumer<String> onNewExperiment = id -> {
    };

    public ExperimentLog(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("report window must be >= 1, was " + window);
        }
        this.window = window;
    }

    public synchronized void record(Event event) {
        switch (event) {
            case QueryEvent q when q.experiment() != null -> {
                Deque<ReportInput.Query> ring = queries.computeIfAbsent(q.experiment(), k -> {
                    onNewExperiment.accept(k);
                    return new ArrayDeque<>();
                });
                if (experimentOf.putIfAbsent(q.queryId(), q.experiment()) != null) {
                    return;
                }
                ring.addLast(ReportInput.Query.of(q));
                if (ring.size() > window) {
                    String evicted = ring.removeFirst().queryId();
                    experimentOf.remove(evicted);
                    clicks.remove(evicted);
                }
            }
            case QueryEvent q when q.served() && (q.clientId() != null || q.sessionId() != null) -> {
                if (!priorIds.add(q.queryId())) {
                    return;
                }
                priors.addLast(ReportInput.Prior.of(q));
                if (priors.size() > window) {
                    String evicted = priors.removeFirst().queryId();
                    priorIds.remove(evicted);
                    clicks.remove(evicted);
                }
            }
            case FeedbackEvent f when "click".equals(f.actionName())
                    && (experimentOf.containsKey(f.queryId()) || priorIds.contains(f.queryId())) ->
                    clicks.computeIfAbsent(f.queryId(), k -> new ArrayList<>()).add(ReportInput.Click.of(f));
            case ShadowEvent s when s.experiment() != null -> {
                Deque<ShadowEvent> ring = shadows.computeIfAbsent(s.experiment(), k -> new ArrayDeque<>());
                ring.addLast(s);
                if (ring.size() > window) {
                    ring.removeFirst();
                }
            }
            default -> {
            }
        }
    }

    /** Called with an experiment's id when its first query is recorded (the composition root registers metrics). */
    public synchronized void onNewExperiment(java.util.function.Consumer<String> listener) {
        this.onNewExperiment = listener;
    }

    /**
     * The sample-ratio check's p-value over the experiment's latest version in the window (units per arm against the
     * allocation's shares); 1 while there is nothing to check.
     */
    public synchronized double srmPValue(String experiment) {
        Deque<ReportInput.Query> ring = queries.getOrDefault(experiment, new ArrayDeque<>());
        int latest = ring.stream().mapToInt(ReportInput.Query::version).max().orElse(0);
        List<ExperimentReport.Srm> checks = SampleRatio.check(ring.stream().filter(q -> q.version() == latest).toList());
        return checks.isEmpty() ? 1.0 : checks.get(0).pValue();
    }

    /** A copy of what is known about one experiment, to compute its report from. */
    public synchronized ReportInput input(String experiment) {
        ReportInput in = new ReportInput(experiment);
        for (ReportInput.Query q : queries.getOrDefault(experiment, new ArrayDeque<>())) {
            in.query(q);
            clicks.getOrDefault(q.queryId(), List.of()).forEach(in::click);
        }
        shadows.getOrDefault(experiment, new ArrayDeque<>()).forEach(in::shadow);
        for (ReportInput.Prior p : priors) {
            in.prior(p);
            clicks.getOrDefault(p.queryId(), List.of()).forEach(in::click);
        }
        return in;
    }
}
