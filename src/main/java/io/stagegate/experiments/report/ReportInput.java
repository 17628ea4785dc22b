package io.stagegate.experiments.report;

import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import io.stagegate.events.ShadowEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment report is computed from, in the compact form both the live gateway and an offline run over the
 * topics (or event files) collect: the experiment's served queries, the clicks on them, and its shadow comparisons.
 */
public final class ReportInput {
    /**
     * One served query of the experiment: its arm and what was shown (with each result's arm when interleaved), the
     * query text, and the experiment's arms as its definition ordered them (control first; empty in old events).
     */
    public record Query(String queryId, int version, String arm, List<String> shown, List<String> shownArms,
                        double totalMs, String userQuery, List<String> definedArms) {
        public Query {
            shown = List.copyOf(shown);
            shownArms = List.copyOf(shownArms);
            definedArms = definedArms == null ? List.of() : List.copyOf(definedArms);
        }

        public Query(String queryId, int version, String arm, List<String> shown, List<String> shownArms, double totalMs) {
            this(queryId, version, arm, shown, shownArms, totalMs, null, List.of());
        }

        public static Query of(QueryEvent e) {
            List<String> arms = new ArrayList<>();
            for (QueryEvent.Result r : e.results()) {
                if (r.arm() != null) {
                    arms.add(r.arm());
                }
            }
            return new Query(e.queryId(), e.experimentVersion() == null ? 0 : e.experimentVersion(), e.arm(),
                    e.queryResponseHitIds(), arms.size() == e.results().size() ? arms : List.of(), e.timings().totalMs(),
                    e.userQuery(), e.experimentArms());
        }
    }

    /** A click on a document; its rank is looked up in what the query showed (the client may not say it). */
    public record Click(String queryId, String objectId) {
        public static Click of(FeedbackEvent e) {
            return new Click(e.queryId(), e.objectId());
        }
    }

    private final String experiment;
    private final Map<String, Query> queries = new LinkedHashMap<>();
    private final Map<String, List<Click>> clicks = new LinkedHashMap<>();
    private final List<ShadowEvent> shadows = new ArrayList<>();

    public ReportInput(String experiment) {
        this.experiment = experiment;
    }

    public String experiment() {
        return experiment;
    }

    /** Adds a query event if it belongs to the experiment; a redelivered query id keeps its first copy. */
    public void query(QueryEvent e) {
        if (experiment.equals(e.experiment())) {
            queries.putIfAbsent(e.queryId(), Query.of(e));
        }
    }

    public void query(Query q) {
        queries.putIfAbsent(q.queryId(), q);
    }

    /** Adds a click (other actions are not part of the report's metrics); it counts only if its query is known. */
    public void feedback(FeedbackEvent e) {
        if ("click".equals(e.actionName())) {
            click(Click.of(e));
        }
    }

    public void click(Click c) {
        List<Click> list = clicks.computeIfAbsent(c.queryId(), k -> new ArrayList<>());
        if (list.stream().noneMatch(x -> x.objectId().equals(c.objectId()))) {
            list.add(c);
        }
    }

    public void shadow(ShadowEvent e) {
        if (experiment.equals(e.experiment())) {
            shadows.add(e);
        }
    }

    public Map<String, Query> queries() {
        return queries;
    }

    public List<Click> clicksOf(String queryId) {
        return clicks.getOrDefault(queryId, List.of());
    }

    public List<ShadowEvent> shadows() {
        return shadows;
    }

    /**
     * The arms as the experiment's definition orders them, control first, from its latest version seen in the
     * events; empty when the events predate that field.
     */
    public List<String> definedArms() {
        List<String> arms = List.of();
        int version = -1;
        for (Query q : queries.values()) {
            if (!q.definedArms().isEmpty() && q.version() > version) {
                arms = q.definedArms();
                version = q.version();
            }
        }
        return arms;
    }
}
