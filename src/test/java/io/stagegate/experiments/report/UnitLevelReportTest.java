package io.stagegate.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.events.FeedbackEvent;
import io.stagegate.events.QueryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's unit-level part, on experiments whose truth is known. */
class UnitLevelReportTest {
    private static final List<String> ARMS = List.of("control", "treatment");
    private final ReportBuilder builder = new ReportBuilder(500, 7);

    private static ReportInput.Query query(String id, String arm, String unit, String outcome, String... shown) {
        return new ReportInput.Query(id, 1, arm, List.of(shown), List.of(), 10, null, ARMS, List.of(0.5, 0.5), unit,
                1_000, outcome);
    }

    @Test
    void aSampleRatioMismatchIsFlaggedOnUnitsAndBlocksTheDecision() throws Exception {
        ReportInput in = new ReportInput("srm");
        for (int u = 0; u < 20_000; u++) {
            String arm = u < 9_700 ? "control" : "treatment";
            in.query(query("q" + u, arm, "client:u" + u, null, "d1"));
            if (u % 3 == 0) {
                in.click(new ReportInput.Click("q" + u, "d1"));
            }
        }
        ExperimentReport r = builder.build(in, ARMS);
        assertTrue(r.sampleRatioMismatch());
        ExperimentReport.Srm srm = r.srm().get(0);
        assertEquals(List.of(9_700L, 10_300L), srm.units());
        assertEquals(18.0, srm.chiSquare(), 1e-9);
        assertEquals(2.209049699858544e-05, srm.pValue(), 1e-12);
        assertTrue(r.notes().get(0).startsWith("SAMPLE RATIO MISMATCH in version 1"), r.notes().get(0));
        assertEquals("do not decide", r.units().decisions().get(0).verdict());
        String html = ReportHtml.render(r);
        assertTrue(html.indexOf("class='srm-banner'") > 0 && html.indexOf("class='srm-banner'") < html.indexOf("<h2>"),
                "the banner comes before every table");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<div class='srm-banner'.*?</div>").matcher(html);
        assertTrue(m.find());
        org.w3c.dom.Element banner = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(m.group().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertEquals("alert", banner.getAttribute("role"));
        assertTrue(banner.getTextContent().contains("Sample ratio mismatch in version 1"), banner.getTextContent());
        assertTrue(banner.getTextContent().contains("[control, treatment] [9700, 10300]"), banner.getTextContent());
    }

    @Test
    void unitsNotQueriesAreCountedForTheSampleRatio() {
        ReportInput in = new ReportInput("busy");
        // 500 units each: the treatment's users search four times as often, which is no mismatch.
        for (int u = 0; u < 1_000; u++) {
            String arm = u % 2 == 0 ? "control" : "treatment";
            for (int i = 0; i < (arm.equals("control") ? 1 : 4); i++) {
                in.query(query("q" + u + "-" + i, arm, "client:u" + u, null, "d1"));
            }
        }
        ExperimentReport r = builder.build(in, ARMS);
        assertFalse(r.sampleRatioMismatch());
        assertEquals(List.of(500L, 500L), r.srm().get(0).units());
        assertEquals(1.0, r.srm().get(0).pValue(), 1e-12);
        assertEquals(3.0, r.units().metrics().stream().filter(m -> m.metric().equals("queries_per_unit"))
                .findFirst().orElseThrow().difference(), 1e-12);
    }

    @Test
    void recurringUsersWidenTheUnitIntervalBeyondThePerQueryOne() {
        ReportSimulation.Scenario s = new ReportSimulation.Scenario(3_000, new double[] {0.5, 0.5},
                new double[] {0.5, 0.5}, 0, 0.7);
        List<ReportSimulation.User> users = ReportSimulation.users(s, 42);
        ExperimentReport r = builder.build(ReportSimulation.input(users, users.size()), ARMS);
        ExperimentReport.UnitMetric ctr = metric(r, "ctr");
        ExperimentReport.Difference perQuery = r.differences().stream().filter(d -> d.metric().equals("ctr"))
                .findFirst().orElseThrow();
        double unitWidth = ctr.ciHigh() - ctr.ciLow();
        double queryWidth = perQuery.ciHigh() - perQuery.ciLow();
        assertTrue(unitWidth > 1.15 * queryWidth, "unit " + unitWidth + " vs query " + queryWidth);
        assertEquals(ctr.difference(), perQuery.difference(), 1e-12, "the same point estimate, another variance");
        double bootWidth = ctr.bootstrapHigh() - ctr.bootstrapLow();
        assertEquals(1, bootWidth / unitWidth, 0.15, "the cluster bootstrap agrees with the delta method");
        assertTrue(ctr.sequentialHigh() - ctr.sequentialLow() > unitWidth, "always-valid is wider than fixed");
        assertNotNull(ctr.cupedDifference());
        assertTrue(ctr.varianceReduction() > 0.05, "history predicts click-through: " + ctr.varianceReduction());
        assertTrue(ctr.cupedCiHigh() - ctr.cupedCiLow() < unitWidth);
        assertEquals(Math.round(0.7 * 3000), ctr.unitsWithHistory(), 60);
        ExperimentReport.Plan plan = r.units().plan();
        assertTrue(plan.unitsPerArmWithCuped() < plan.unitsPerArm());
        assertEquals(3_000, r.units().units());
    }

    @Test
    void failedQueriesCountInTheGuardrailsNotInClickThrough() {
        ReportInput in = new ReportInput("errors");
        for (int u = 0; u < 400; u++) {
            String arm = u % 2 == 0 ? "control" : "treatment";
            in.query(query("q" + u, arm, "client:u" + u, null, "d1", "d2"));
            in.click(new ReportInput.Click("q" + u, "d1"));
            if (arm.equals("treatment")) {
                in.query(query("f" + u, arm, "client:u" + u, QueryEvent.OUTCOME_ERROR));
            }
        }
        ExperimentReport r = builder.build(in, ARMS);
        assertEquals(0, metric(r, "ctr").difference(), 1e-12);
        ExperimentReport.Guardrail errors = r.units().guardrails().stream()
                .filter(g -> g.metric().equals("error_rate")).findFirst().orElseThrow();
        assertEquals(0.5, errors.armValue(), 1e-12);
        assertEquals(0, errors.controlValue(), 1e-12);
        assertEquals("failed", errors.status());
        assertEquals("guardrail failed", r.units().decisions().get(0).verdict());
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("200 queries failed")), r.notes().toString());
        assertEquals(1.0, r.arms().get(1).ctr(), 1e-12, "per-query click-through leaves failures out too");
    }

    @Test
    void aClearWinIsCalledBetterAndAnAaWithinTheMdeIsCalledSo() {
        ReportSimulation.Scenario win = new ReportSimulation.Scenario(4_000, new double[] {0.5, 0.5},
                new double[] {0.5, 0.5}, 0.5, 0.7);
        List<ReportSimulation.User> us = ReportSimulation.users(win, 3);
        assertEquals("better", builder.build(ReportSimulation.input(us, us.size()), ARMS).units().decisions().get(0)
                .verdict());
        ReportSimulation.Scenario aa = new ReportSimulation.Scenario(20_000, new double[] {0.5, 0.5},
                new double[] {0.5, 0.5}, 0, 0.7);
        List<ReportSimulation.User> same = ReportSimulation.users(aa, 4);
        ExperimentReport r = new ReportBuilder(200, 1).build(ReportSimulation.input(same, same.size()), ARMS,
                ReportOptions.DEFAULT.withMde(0.03));
        assertEquals("no difference larger than the MDE", r.units().decisions().get(0).verdict(),
                r.units().decisions().get(0).reason());
    }

    @Test
    void watchingTheReportAfterEveryFiftyUnitsOfAnAaTestRarelyDecides() {
        ReportSimulation.Peeking p = new ReportSimulation(ReportOptions.DEFAULT).peeking(60, 600, 50);
        assertTrue(p.alwaysValid() <= 0.1, "always-valid decided in " + p.alwaysValid());
        assertTrue(p.fixedPeeking() > p.alwaysValid() + 0.05, "fixed-horizon peeking: " + p.fixedPeeking());
    }

    @Test
    void theLiveReportEqualsTheOfflineReportOnTheSameEvents() {
        ExperimentLog live = new ExperimentLog(100_000);
        ReportInput offline = new ReportInput("x");
        long start = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        List<io.stagegate.events.Event> events = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            String client = "c" + u;
            events.add(event("pre" + u, client, null, null, start - 3_600_000L * (1 + u % 48), "ok"));
            events.add(click("pre" + u, u % 3 == 0 ? "d1" : "none", client));
            for (int i = 0; i < 1 + u % 4; i++) {
                String id = "q" + u + "-" + i;
                String arm = ARMS.get(Math.floorMod(client.hashCode(), 2));
                events.add(event(id, client, "x", arm, start + 1000L * u + i, i == 3 ? "timeout" : null));
                events.add(click(id, (u + i) % 2 == 0 ? "d2" : "none", client));
            }
        }
        for (io.stagegate.events.Event e : events) {
            live.record(e);
            switch (e) {
                case QueryEvent q -> offline.query(q);
                case FeedbackEvent f -> offline.feedback(f);
                default -> throw new AssertionError(e);
            }
        }
        ExperimentReport a = builder.build(live.input("x"), ARMS);
        ExperimentReport b = builder.build(offline, ARMS);
        assertEquals(b, a);
        assertTrue(a.units().metrics().stream().anyMatch(m -> m.unitsWithHistory() == 300), "the pre-period was found");
        assertTrue(a.units().guardrails().stream().anyMatch(g -> g.metric().equals("timeout_rate") && g.armValue() > 0));
    }

    private static QueryEvent event(String id, String client, String experiment, String arm, long at, String outcome) {
        List<QueryEvent.Result> results = List.of(new QueryEvent.Result("d1", 1, 1f, 1f, 1),
                new QueryEvent.Result("d2", 2, 0.5f, 0.5f, 2));
        return new QueryEvent(QueryEvent.SCHEMA, "e-" + id, id, client, null, "q", "http", arm == null ? "default" : arm,
                "m", null, experiment == null ? "default" : "experiment", "default", experiment,
                experiment == null ? null : 1, arm, experiment == null ? null : "client", 10, 10, false, List.of(),
                outcome == null ? results : List.of(), outcome == null ? List.of("d1", "d2") : List.of(),
                new QueryEvent.Timings(1, 1, 0, 5 + at % 7, 0, 1, 0, 0), null, Instant.ofEpochMilli(at).toString(),
                null, experiment == null ? null : ARMS, experiment == null ? null : List.of(0.5, 0.5),
                "ok".equals(outcome) ? null : outcome);
    }

    private static FeedbackEvent click(String queryId, String doc, String client) {
        return new FeedbackEvent(FeedbackEvent.SCHEMA, "f-" + queryId, queryId, "click", doc, null, null, client, null,
                "2026-12-01T00:00:00Z");
    }

    private static ExperimentReport.UnitMetric metric(ExperimentReport r, String name) {
        return r.units().metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }
}
