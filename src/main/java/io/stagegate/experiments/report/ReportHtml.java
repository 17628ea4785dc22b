package io.stagegate.experiments.report;

import io.stagegate.stats.Svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as one self-contained HTML page: tables and inline SVG, no script, nothing fetched from elsewhere. */
public final class ReportHtml {
    private ReportHtml() {
    }

    public static String render(ExperimentReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Experiment ")
                .append(Svg.escape(r.experiment())).append("</title><style>body{font-family:sans-serif;max-width:980px;"
                        + "margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
                        + "padding:4px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                        + ".sig{color:#c0392b;font-weight:bold}.note{color:#8a6d00}.srm-banner{background:#c0392b;color:#fff;padding:1em;"
                        + "font-size:1.1em;margin:1em 0}</style></head><body>");
        h.append("<h1>Experiment ").append(Svg.escape(r.experiment())).append("</h1><p>Mode ").append(r.mode())
                .append(", versions ").append(r.versions()).append(", ").append(r.queries()).append(" queries, ")
                .append(r.clicks()).append(" clicks.</p>");
        for (String note : r.notes()) {
            h.append("<p class='note'>").append(Svg.escape(note)).append("</p>");
        }
        ReportUnitsHtml.srm(h, r.srm());
        if (r.units() != null) {
            ReportUnitsHtml.units(h, r.units());
        }
        if (r.interleaving() != null) {
            interleaving(h, r.interleaving());
        } else if (!r.mode().equals("shadow")) {
            arms(h, r);
        }
        if (!r.shadows().isEmpty()) {
            shadows(h, r.shadows());
        }
        if (!r.disagreements().isEmpty()) {
            disagreements(h, r.disagreements());
        }
        h.append("<p style='font-size:small;color:#666'>Decide on the unit-level tables: arms are assigned per client, "
                + "session or request, so those units are the independent draws. Their intervals: delta method over "
                + "units (fixed horizon: valid only at a size fixed in advance), the cluster bootstrap over units as a "
                + "check, CUPED on each unit's behaviour before the experiment, and the always-valid interval (mixture "
                + "SPRT), which may be watched continuously; the verdict reads the always-valid one. Red: the always-valid "
                + "interval excludes 0. The per-query tables treat a user's queries as independent, so their intervals "
                + "(percentile bootstrap of queries; Welch's test; the sign test for interleaving) are too narrow to "
                + "decide on: context only. Not corrected for multiple comparisons across metrics.</p></body></html>");
        return h.toString();
    }

    private static void arms(StringBuilder h, ExperimentReport r) {
        h.append("<h2>Arms, per query (context only)</h2><table><tr><th>arm</th><th>queries</th><th>CTR</th><th>MRR (first click)</th>"
                + "<th>abandonment</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th></tr>");
        for (ExperimentReport.Arm a : r.arms()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.4f</td><td>%.4f</td><td>%.4f</td>"
                            + "<td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>", Svg.escape(a.arm()), a.queries(), a.ctr(), a.mrr(),
                    a.abandonment(), a.latencyP50Ms(), a.latencyP95Ms(), a.latencyP99Ms()));
        }
        h.append("</table>");
        List<String> names = r.arms().stream().map(ExperimentReport.Arm::arm).toList();
        h.append(ReportCharts.bars("Click-through and first-click reciprocal rank", names, List.of(
                new ReportCharts.Series("CTR", r.arms().stream().map(ExperimentReport.Arm::ctr).toList()),
                new ReportCharts.Series("MRR", r.arms().stream().map(ExperimentReport.Arm::mrr).toList())), 1.0, ""));
        double maxLatency = r.arms().stream().mapToDouble(ExperimentReport.Arm::latencyP99Ms).filter(d -> !Double.isNaN(d))
                .max().orElse(1);
        h.append(ReportCharts.bars("Latency", names, List.of(
                new ReportCharts.Series("p50", r.arms().stream().map(ExperimentReport.Arm::latencyP50Ms).toList()),
                new ReportCharts.Series("p95", r.arms().stream().map(ExperimentReport.Arm::latencyP95Ms).toList()),
                new ReportCharts.Series("p99", r.arms().stream().map(ExperimentReport.Arm::latencyP99Ms).toList())),
                maxLatency * 1.1, "ms"));
        if (r.differences().isEmpty()) {
            return;
        }
        h.append("<h2>Differences from the control, per query (context only)</h2><table><tr><th>metric</th><th>arm − control</th><th>difference</th>"
                + "<th>95% interval</th><th>p</th></tr>");
        List<ReportCharts.Row> rows = new ArrayList<>();
        for (ExperimentReport.Difference d : r.differences()) {
            h.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s − %s</td><td>%+.4f</td><td>[%+.4f, %+.4f]</td>"
                            + "<td>%s</td></tr>", d.significant() ? " class='sig'" : "", d.metric(), Svg.escape(d.arm()),
                    Svg.escape(d.control()), d.difference(), d.ciLow(), d.ciHigh(), d.pValue() == null ? "—"
                            : String.format(Locale.ROOT, "%.4g", d.pValue())));
            if (!d.metric().startsWith("latency")) {
                rows.add(new ReportCharts.Row(d.metric() + ": " + d.arm(), d.difference(), d.ciLow(), d.ciHigh(), d.significant()));
            }
        }
        h.append("</table>").append(ReportCharts.forest("Differences with 95% intervals (red: significant)", rows));
    }

    private static void interleaving(StringBuilder h, ExperimentReport.Interleaving i) {
        h.append(String.format(Locale.ROOT, "<h2>Interleaving</h2><table><tr><th>first arm</th><th>second arm</th>"
                        + "<th>queries</th><th>wins</th><th>ties</th><th>losses</th><th>preference for first</th>"
                        + "<th>sign test p</th></tr><tr%s><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td>"
                        + "<td>%.1f%%</td><td>%.4g</td></tr></table>", i.significant() ? " class='sig'" : "",
                Svg.escape(String.valueOf(i.first())), Svg.escape(String.valueOf(i.second())), i.queries(), i.wins(), i.ties(),
                i.losses(), 100 * i.preferenceFirst(), i.pValue()));
        if (!Double.isNaN(i.sequentialPValue())) {
            h.append(String.format(Locale.ROOT, "<p>Always-valid (may be watched continuously): preference for %s in "
                            + "[%.1f%%, %.1f%%], p = %.3g: <strong>%s</strong>.</p>", Svg.escape(i.first()),
                    100 * i.sequentialLow(), 100 * i.sequentialHigh(), i.sequentialPValue(), Svg.escape(i.decision())));
        }
        h.append(ReportCharts.stacked("Wins (first arm) / ties / losses; the line marks an even split",
                List.of("wins " + i.first(), "ties", "wins " + i.second()), List.of(i.wins(), i.ties(), i.losses())));
    }

    private static void shadows(StringBuilder h, List<ExperimentReport.Shadow> shadows) {
        h.append("<h2>Shadow pairs</h2><table><tr><th>pair</th><th>runs</th><th>failed</th><th>timeouts</th><th>shed</th>"
                + "<th>overlap@10</th><th>RBO (p=0.9)</th><th>Kendall τ</th><th>top-1 agreement</th>"
                + "<th>latency Δ mean ms</th><th>latency Δ p50 ms</th></tr>");
        for (ExperimentReport.Shadow s : shadows) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.3f</td>"
                            + "<td>%.3f</td><td>%s</td><td>%.3f</td><td>%+.1f</td><td>%+.1f</td></tr>", Svg.escape(s.pair()),
                    s.noiseFloor() ? " (noise floor)" : "", s.runs(), s.failed(), s.timeouts(), s.shed(), s.meanOverlapAt10(),
                    s.meanRbo(), s.meanKendallTau() == null ? "—" : String.format(Locale.ROOT, "%.3f", s.meanKendallTau()),
                    s.top1Agreement(), s.latencyDeltaMeanMs(), s.latencyDeltaP50Ms()));
        }
        h.append("</table>");
        List<String> names = shadows.stream().map(s -> s.pair() + (s.noiseFloor() ? " (noise)" : "")).toList();
        h.append(ReportCharts.bars("Agreement with the primary (noise floor beside)", names, List.of(
                new ReportCharts.Series("overlap@10", shadows.stream().map(ExperimentReport.Shadow::meanOverlapAt10).toList()),
                new ReportCharts.Series("RBO", shadows.stream().map(ExperimentReport.Shadow::meanRbo).toList()),
                new ReportCharts.Series("top-1", shadows.stream().map(ExperimentReport.Shadow::top1Agreement).toList())), 1.0, ""));
    }

    private static void disagreements(StringBuilder h, List<ExperimentReport.Disagreement> rows) {
        h.append("<h2>Where the pairs disagree most</h2><p>The queries with the lowest rank-biased overlap between the "
                + "primary and a shadow pair, both top 10s side by side.</p>");
        for (ExperimentReport.Disagreement d : rows) {
            h.append("<h3>").append(Svg.escape(d.userQuery() == null ? d.queryId() : d.userQuery()))
                    .append(String.format(Locale.ROOT, " <small>(RBO %.3f, query %s)</small></h3>", d.rbo(),
                            Svg.escape(d.queryId())))
                    .append("<table><tr><th>rank</th><th>").append(Svg.escape(d.primaryPair())).append("</th><th>")
                    .append(Svg.escape(d.shadowPair())).append("</th></tr>");
            int n = Math.max(d.primaryTop10().size(), d.shadowTop10().size());
            for (int i = 0; i < n; i++) {
                h.append("<tr><td>").append(i + 1).append("</td><td>")
                        .append(i < d.primaryTop10().size() ? Svg.escape(d.primaryTop10().get(i)) : "").append("</td><td>")
                        .append(i < d.shadowTop10().size() ? Svg.escape(d.shadowTop10().get(i)) : "").append("</td></tr>");
            }
            h.append("</table>");
        }
    }
}
