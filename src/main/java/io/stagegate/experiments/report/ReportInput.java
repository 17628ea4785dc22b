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
     * One query of the experiment: its arm and what was shown (with each result's arm when interleaved), the query
     * text, the experiment's arms as its definition ordered them (control first) and their shares of units (empty in
     * old events), the randomisation unit it was assigned by ({@code client:ID}, {@code session:ID} or
     * {@code request:ID}), when it was served, and its outcome ({@code ok}, or {@code error}/{@code timeout} for a
     * query that failed after it was routed: it counts in the guardrails only).
     */
    public record Query(String queryId, int version, String arm, List<String> shown, List<String> shownArms,
                        double totalMs, String userQuery, List<String> definedArms, List<Double> armShares,
                        String unit, long timestampMs, String outcome) {
        public static final String OK = "ok";

        public Query {
            shown = List.copyOf(shown);
            shownArms = List.copyOf(shownArms);
            definedArms = definedArms == null ? List.of() : List.copyOf(definedArms);
            armShares = armShares == null ? List.of() : List.copyOf(armShares);
            unit = unit == null ? "request:" + queryId : unit;
            outcome = outcome == null ? OK : outcome;
        }

        public Query(String queryId, int version, String arm, List<String> shown, List<String> shownArms,
                     double totalMs, String userQuery, List<String> definedArms) {
            this(queryId, version, arm, shown, shownArms, totalMs, userQuery, definedArms, List.of(), null, 0, null);
        }

        public Query(String queryId, int version, String arm, List<String> shown, List<String> shownArms, double totalMs) {
            this(queryId, version, arm, shown, shownArms, totalMs, null, List.of());
        }

        public boolean ok() {
            return OK.equals(outcome);
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
                    e.userQuery(), e.experimentArms(), e.experimentArmShares(), unitOf(e), epochMillis(e.timestamp()),
                    e.outcome());
        }

        /** The unit the experiment's hash was computed over, as the router chose it (client, else session, else request). */
        static String unitOf(QueryEvent e) {
            if ("client".equals(e.unitKind()) && e.clientId() != null) {
                return "client:" + e.clientId();
            }
            if ("session".equals(e.unitKind()) && e.sessionId() != null) {
                return "session:" + e.sessionId();
            }
            return "request:" + e.queryId();
        }
    }

    /**
     * A query the same client or session sent outside the experiment: the pre-period history CUPED regresses on.
     * Kept only for callers that send a client or session id (a request-level unit has no history).
     */
    public record Prior(String queryId, String clientId, String sessionId, long timestampMs, List<String> shown) {
        public Prior {
            shown = List.copyOf(shown);
        }

        public static Prior of(QueryEvent e) {
            return new Prior(e.queryId(), e.clientId(), e.sessionId(), epochMillis(e.timestamp()), e.queryResponseHitIds());
        }

        /** Whether it belongs to the unit (as {@link Query#unit()} names it). */
        public boolean of(String unit) {
            return unit.equals(clientId == null ? null : "client:" + clientId)
                    || unit.equals(sessionId == null ? null : "session:" + sessionId);
        }
    }

    static long epochMillis(String timestamp) {
        try {
            return java.time.Instant.parse(timestamp).toEpochMilli();
        } catch (RuntimeException unparsable) {
            return 0;
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
    private final Map<String, List<Prior>> priors = new LinkedHashMap<>();

    public ReportInput(String experiment) {
        this.experiment = experiment;
    }

    public String experiment() {
        return experiment;
    }

    /**
     * Adds a query event if it belongs to the experiment (a redelivered query id keeps its first copy); a served query
     * outside any experiment from a known client or session is kept as pre-period history.
     */
    public void query(QueryEvent e) {
        if (experiment.equals(e.experiment())) {
            queries.putIfAbsent(e.queryId(), Query.of(e));
        } else if (e.experiment() == null && e.served() && (e.clientId() != null || e.sessionId() != null)) {
            prior(Prior.of(e));
        }
    }

    public void prior(Prior p) {
        if (p.clientId() != null) {
            priors.computeIfAbsent("client:" + p.clientId(), k -> new ArrayList<>()).add(p);
        }
        if (p.sessionId() != null) {
            priors.computeIfAbsent("session:" + p.sessionId(), k -> new ArrayList<>()).add(p);
        }
    }

    /** The unit's queries outside any experiment, in the order seen. */
    public List<Prior> priorsOf(String unit) {
        return priors.getOrDefault(unit, List.of());
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
