package io.stagegate.experiments.report;

import io.stagegate.stats.Svg;
import java.util.List;
import java.util.Locale;

/** The trustworthy part of the HTML report: the sample-ratio check, the decision, and the unit-level tables. */
final class ReportUnitsHtml {
    private ReportUnitsHtml() {
    }

    static void srm(StringBuilder h, List<ExperimentReport.Srm> checks) {
        for (ExperimentReport.Srm s : checks) {
            if (s.mismatch()) {
                h.append(String.format(Locale.ROOT, "<div class='srm-banner' role='alert'><strong>Sample ratio "
                                + "mismatch in version %d</strong>: units per arm %s, expected shares %s (χ² = %.1f, p = %.2g "
                                + "&lt; %.3f). Assignment or logging is broken; do not trust this version's differences.</div>",
                        s.version(), Svg.escape(s.arms().toString() + " " + s.units()), s.expectedShares(), s.chiSquare(),
                        s.pValue(), SampleRatio.ALPHA));
            }
        }
        if (checks.isEmpty()) {
            return;
        }
        h.append("<h2>Sample-ratio check</h2><table><tr><th>version</th><th>arms</th><th>units</th><th>expected shares</th>"
                + "<th>χ²</th><th>p</th><th>verdict</th></tr>");
        for (ExperimentReport.Srm s : checks) {
            h.append(String.format(Locale.ROOT, "<tr%s><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td>"
                            + "<td>%.3g</td><td>%s</td></tr>", s.mismatch() ? " class='sig'" : "", s.version(),
                    Svg.escape(String.join(", ", s.arms())), s.units(), s.expectedShares(), s.chiSquare(), s.pValue(),
                    s.mismatch() ? "mismatch" : "ok"));
        }
        h.append("</table>");
    }

    static void units(StringBuilder h, ExperimentReport.Units u) {
        int level = (int) Math.round(100 * (1 - u.alpha()));
        h.append(String.format(Locale.ROOT, "<h2>Decision (version %d, %d units)</h2><table><tr><th>arm</th>"
                + "<th>metric</th><th>verdict</th><th>why</th></tr>", u.version(), u.units()));
        for (ExperimentReport.Decision d : u.decisions()) {
            h.append("<tr><td>").append(Svg.escape(d.arm())).append("</td><td>").append(d.metric())
                    .append("</td><td><strong>").append(Svg.escape(d.verdict())).append("</strong></td><td>")
                    .append(Svg.escape(d.reason())).append("</td></tr>");
        }
        h.append("</table>");
        h.append("<h2>Arms, per unit</h2><table><tr><th>arm</th><th>units</th><th>queries</th><th>CTR</th>"
                + "<th>MRR (first click)</th><th>abandonment</th><th>queries per unit</th></tr>");
        for (ExperimentReport.UnitArm a : u.arms()) {
            h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.4f</td><td>%.4f</td>"
                            + "<td>%.4f</td><td>%.3f</td></tr>", Svg.escape(a.arm()), a.units(), a.queries(), a.ctr(),
                    a.mrr(), a.abandonment(), a.queriesPerUnit()));
        }
        h.append("</table>");
        if (u.unitsInSeveralArms() > 0) {
            h.append("<p class='note'>").append(u.unitsInSeveralArms())
                    .append(" units appeared in two arms of this version and are left out.</p>");
        }
        if (!u.metrics().isEmpty()) {
            h.append(String.format(Locale.ROOT, "<h2>Differences from the control, per unit</h2><table><tr><th>metric</th>"
                    + "<th>arm − control</th><th>difference</th><th>%1$d%% interval</th><th>p</th>"
                    + "<th>bootstrap %1$d%%</th><th>CUPED difference</th><th>CUPED %1$d%%</th><th>variance cut</th>"
                    + "<th>always-valid %1$d%%</th><th>always-valid p</th></tr>", level));
            for (ExperimentReport.UnitMetric m : u.metrics()) {
                boolean sig = m.sequentialLow() > 0 || m.sequentialHigh() < 0;
                h.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s − %s</td><td>%+.4f</td><td>[%+.4f, %+.4f]</td>"
                                + "<td>%.3g</td><td>[%+.4f, %+.4f]</td><td>%s</td><td>%s</td><td>%s</td>"
                                + "<td>[%+.4f, %+.4f]</td><td>%.3g</td></tr>", sig ? " class='sig'" : "", m.metric(),
                        Svg.escape(m.arm()), Svg.escape(m.control()), m.difference(), m.ciLow(), m.ciHigh(), m.pValue(),
                        m.bootstrapLow(), m.bootstrapHigh(), signed(m.cupedDifference()),
                        m.cupedCiLow() == null ? "—" : String.format(Locale.ROOT, "[%+.4f, %+.4f]", m.cupedCiLow(),
                                m.cupedCiHigh()),
                        m.varianceReduction() == null ? "—" : String.format(Locale.ROOT, "%.0f%% (%d units with history)",
                                100 * m.varianceReduction(), m.unitsWithHistory()),
                        m.sequentialLow(), m.sequentialHigh(), m.sequentialPValue()));
            }
            h.append("</table>");
        }
        if (!u.guardrails().isEmpty()) {
            h.append("<h2>Guardrails</h2><table><tr><th>metric</th><th>arm</th><th>arm value</th><th>control value</th>"
                    + "<th>degradation</th><th>interval</th><th>tolerance</th><th>status</th></tr>");
            for (ExperimentReport.Guardrail g : u.guardrails()) {
                h.append(String.format(Locale.ROOT, "<tr%s><td>%s</td><td>%s</td><td>%.4g</td><td>%.4g</td><td>%+.4g</td>"
                                + "<td>[%+.4g, %+.4g]</td><td>%.4g</td><td>%s</td></tr>",
                        "failed".equals(g.status()) ? " class='sig'" : "", g.metric(), Svg.escape(g.arm()), g.armValue(),
                        g.controlValue(), g.degradation(), g.ciLow(), g.ciHigh(), g.tolerance(), g.status()));
            }
            h.append("</table>");
        }
        if (u.plan() != null) {
            ExperimentReport.Plan p = u.plan();
            h.append(String.format(Locale.ROOT, "<h2>Plan</h2><p>To detect a click-through difference of %.4f at α = %.3f "
                            + "with power %.2f, a fixed-horizon test needs <strong>%d units per arm</strong>%s (per-unit "
                            + "variance %.4g, from the control so far); the smallest arm has %d.</p>", p.mde(), p.alpha(),
                    p.power(), p.unitsPerArm(), p.unitsPerArmWithCuped() == null ? ""
                            : String.format(Locale.ROOT, ", %d with CUPED", p.unitsPerArmWithCuped()),
                    p.variancePerUnit(), p.smallestArmSoFar()));
        }
    }

    private static String signed(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%+.4f", v);
    }
}
