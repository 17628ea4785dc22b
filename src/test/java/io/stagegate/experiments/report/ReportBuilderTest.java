package io.stagegate.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.events.ShadowEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    private final ReportBuilder builder = new ReportBuilder(1000, 1);

    private static ReportInput.Query query(String id, String arm, double ms, String... shown) {
        return new ReportInput.Query(id, 1, arm, List.of(shown), List.of(), ms);
    }

    @Test
    void perArmMetricsAreCountedFromClicks() {
        ReportInput in = new ReportInput("e1");
        in.query(query("q1", "a", 10, "d1", "d2", "d3"));
        in.query(query("q2", "a", 20, "d1", "d2", "d3"));
        in.query(query("q3", "b", 30, "d1", "d2", "d3"));
        in.query(query("q4", "b", 40, "d1", "d2", "d3"));
        in.click(new ReportInput.Click("q1", "d2"));
        in.click(new ReportInput.Click("q1", "d3"));
        in.click(new ReportInput.Click("q3", "d1"));
        in.click(new ReportInput.Click("q4", "d3"));
        in.click(new ReportInput.Click("q4", "unshown"));
        ExperimentReport r = builder.build(in, List.of("a", "b"));
        ExperimentReport.Arm a = r.arms().get(0);
        ExperimentReport.Arm b = r.arms().get(1);
        assertEquals("a", a.arm());
        assertEquals(0.5, a.ctr(), 1e-12);
        // q1's first click is at rank 2 (best-ranked click), q2 has none: (1/2 + 0) / 2.
        assertEquals(0.25, a.mrr(), 1e-12);
        assertEquals(0.5, a.abandonment(), 1e-12);
        assertEquals(15, a.latencyP50Ms(), 1e-12);
        assertEquals(1.0, b.ctr(), 1e-12);
        assertEquals((1 + 1.0 / 3) / 2, b.mrr(), 1e-12);
        ExperimentReport.Difference ctr = r.differences().stream().filter(d -> d.metric().equals("ctr")).findFirst()
                .orElseThrow();
        assertEquals("b", ctr.arm());
        assertEquals("a", ctr.control());
        assertEquals(0.5, ctr.difference(), 1e-12);
        assertEquals(5, r.clicks());
    }

    @Test
    void interleavingCountsWinsLossesAndTiesByClickedTeam() {
        ReportInput in = new ReportInput("e1");
        // Each query shows d1 (from a) and d2 (from b).
        for (int i = 0; i < 10; i++) {
            in.query(new ReportInput.Query("q" + i, 1, "interleave", List.of("d1", "d2"), List.of("a", "b"), 5));
        }
        for (int i = 0; i < 7; i++) {
            in.click(new ReportInput.Click("q" + i, "d1"));
        }
        in.click(new ReportInput.Click("q7", "d2"));
        in.click(new ReportInput.Click("q8", "d1"));
        in.click(new ReportInput.Click("q8", "d2"));
        ExperimentReport.Interleaving i = builder.build(in, List.of("a", "b")).interleaving();
        assertEquals("a", i.first());
        assertEquals(7, i.wins());
        assertEquals(1, i.losses());
        assertEquals(2, i.ties());
        assertEquals(7.0 / 8, i.preferenceFirst(), 1e-12);
        // 7 vs 1: 2 * (1 + 8) / 256.
        assertEquals(2 * 9.0 / 256, i.pValue(), 1e-12);
        assertFalse(i.significant());
    }

    @Test
    void shadowsAreSummarisedBesideTheirNoiseFloor() {
        ReportInput in = new ReportInput("e1");
        in.shadow(shadow("s", false, "ok", 0.6, 0.7, 0.5, true, 10, 14));
        in.shadow(shadow("s", false, "ok", 0.8, 0.9, null, false, 10, 12));
        in.shadow(shadow("s", false, "timeout", null, null, null, null, 10, null));
        in.shadow(shadow("a", true, "ok", 1.0, 1.0, 1.0, true, 10, 11));
        List<ExperimentReport.Shadow> s = builder.build(in, List.of()).shadows();
        assertEquals(2, s.size());
        ExperimentReport.Shadow shadow = s.get(0);
        assertEquals(3, shadow.runs());
        assertEquals(1, shadow.timeouts());
        assertEquals(0.7, shadow.meanOverlapAt10(), 1e-12);
        assertEquals(0.8, shadow.meanRbo(), 1e-12);
        assertEquals(0.5, shadow.meanKendallTau(), 1e-12);
        assertEquals(0.5, shadow.top1Agreement(), 1e-12);
        assertEquals(3.0, shadow.latencyDeltaMeanMs(), 1e-12);
        assertTrue(s.get(1).noiseFloor());
        assertEquals(1.0, s.get(1).meanRbo(), 1e-12);
    }

    @Test
    void theHtmlPageIsSelfContainedAndItsSvgIsWellFormed() throws Exception {
        ReportInput in = new ReportInput("e1");
        for (int i = 0; i < 40; i++) {
            in.query(query("q" + i, i % 2 == 0 ? "a<x>" : "b", 10 + i, "d1", "d2"));
            if (i % 3 == 0) {
                in.click(new ReportInput.Click("q" + i, "d1"));
            }
        }
        in.shadow(shadow("s", false, "ok", 0.6, 0.7, 0.5, true, 10, 14));
        String html = ReportHtml.render(builder.build(in, List.of("a<x>", "b")));
        assertFalse(html.contains("<script"), "no JavaScript");
        assertFalse(html.matches("(?s).*(src|href)=['\"]https?:.*"), "nothing fetched from elsewhere");
        assertTrue(html.contains("a&lt;x&gt;") && !html.contains("a<x>"), "text is escaped");
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int charts = 0;
        while (m.find()) {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            assertEquals("svg", doc.getDocumentElement().getNodeName());
            charts++;
        }
        assertEquals(4, charts, "CTR/MRR, latency, differences, shadows");
    }

    @Test
    void emptyInputGivesAnEmptyReportNotAnError() {
        ExperimentReport r = builder.build(new ReportInput("none"), List.of("a", "b"));
        assertEquals(0, r.queries());
        assertTrue(r.arms().isEmpty());
        assertNull(r.interleaving());
        ReportHtml.render(r);
    }

    private static ShadowEvent shadow(String pair, boolean noise, String outcome, Double overlap, Double rbo, Double tau,
                                      Boolean top1, double primaryMs, Integer shadowMs) {
        boolean ok = "ok".equals(outcome);
        return new ShadowEvent(ShadowEvent.SCHEMA, java.util.UUID.randomUUID().toString(), "q", "e1", 1, "a", pair, noise,
                outcome, ok ? null : "slow", ok ? 1.0 : null, ok ? 1.0 : null, overlap, rbo, tau, top1, primaryMs,
                shadowMs == null ? null : shadowMs.doubleValue(), List.of("d1"), ok ? List.of("d1") : null, "2026-11-30T00:00:00Z");
    }

    private static ShadowEvent shadow(String queryId, String outcome, Double rbo, List<String> primary, List<String> other) {
        boolean ok = "ok".equals(outcome);
        return new ShadowEvent(ShadowEvent.SCHEMA, java.util.UUID.randomUUID().toString(), queryId, "e1", 1, "a", "s",
                false, outcome, ok ? null : outcome, ok ? 1.0 : null, ok ? 1.0 : null, ok ? 0.5 : null, rbo,
                null, ok ? Boolean.TRUE : null, 5.0, ok ? 6.0 : null, primary, ok ? other : null,
                "2026-12-07T10:00:00Z");
    }

    @Test
    void theControlIsTheDefinitionsFirstArmOfflineAsLive() {
        ReportInput in = new ReportInput("e1");
        // The definition put "zeta" first: by name it would come last and the differences would flip sign.
        List<String> defined = List.of("zeta", "alpha");
        in.query(new ReportInput.Query("q1", 1, "zeta", List.of("d1"), List.of(), 5, "x", defined));
        in.query(new ReportInput.Query("q2", 1, "alpha", List.of("d1"), List.of(), 5, "x", defined));
        in.click(new ReportInput.Click("q2", "d1"));
        ExperimentReport offline = builder.build(in, List.of());
        ExperimentReport live = builder.build(in, defined);
        assertEquals("zeta", offline.arms().get(0).arm());
        assertEquals("zeta", offline.differences().get(0).control());
        assertEquals(1.0, offline.differences().get(0).difference(), 1e-12, "alpha minus the control zeta");
        assertEquals(live.differences(), offline.differences());
        assertTrue(offline.notes().isEmpty(), offline.notes().toString());
    }

    @Test
    void withoutTheDefinitionsOrderTheReportSaysItChoseByName() {
        ReportInput in = new ReportInput("e1");
        in.query(query("q1", "zeta", 5, "d1"));
        in.query(query("q2", "alpha", 5, "d1"));
        ExperimentReport r = builder.build(in, List.of());
        assertEquals("alpha", r.differences().get(0).control());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("--arms")), r.notes().toString());
    }

    @Test
    void aShadowOnlyExperimentIsReportedAsSuchWithShedRunsAndItsWorstDisagreements() {
        ReportInput in = new ReportInput("e1");
        List<String> defined = List.of("a");
        for (int i = 0; i < 8; i++) {
            in.query(new ReportInput.Query("q" + i, 1, "a", List.of("d1", "d2"), List.of(), 5, "query " + i, defined));
            in.shadow(shadow("q" + i, "ok", 0.1 * (i + 1), List.of("d1", "d2"), List.of("x" + i, "d1")));
        }
        in.shadow(shadow("q0", "shed", null, List.of("d1"), null));
        in.shadow(shadow("q1", "timeout", null, List.of("d1"), null));
        ExperimentReport r = builder.build(in, List.of());
        assertEquals("shadow", r.mode());
        assertTrue(r.differences().isEmpty());
        ExperimentReport.Shadow s = r.shadows().get(0);
        assertEquals(10, s.runs());
        assertEquals(1, s.shed());
        assertEquals(1, s.timeouts());
        assertEquals(ReportBuilder.DISAGREEMENTS, r.disagreements().size());
        assertEquals(List.of("q0", "q1", "q2", "q3", "q4"), r.disagreements().stream()
                .map(ExperimentReport.Disagreement::queryId).toList(), "lowest RBO first");
        ExperimentReport.Disagreement worst = r.disagreements().get(0);
        assertEquals("query 0", worst.userQuery());
        assertEquals(List.of("d1", "d2"), worst.primaryTop10());
        assertEquals(List.of("x0", "d1"), worst.shadowTop10());
        String html = ReportHtml.render(r);
        assertTrue(html.contains("Where the pairs disagree most") && html.contains("query 0"));
    }
}
