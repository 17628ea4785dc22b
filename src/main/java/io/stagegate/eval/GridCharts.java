package io.stagegate.eval;

import io.stagegate.stats.Svg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The grid's SVG charts: a heatmap of nDCG@10 and MRR@10 (rows: first stage, columns: second stage and K), the
 * first-stage Recall@K curves with the smallest K that reaches the target, and quality against p50 latency with
 * the Pareto front. Plain strings; every text is escaped.
 */
public final class GridCharts {
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf"};

    private GridCharts() {
    }

    private static String row(GridAnalysis.Row r) {
        return r.embedder() + " · " + r.retriever();
    }

    private static String column(GridAnalysis.Row r) {
        return r.secondStage() + " · K=" + r.k();
    }

    public static String heatmap(List<GridAnalysis.Row> rows, String title) {
        List<String> rowKeys = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(GridCharts::row).toList()));
        List<String> colKeys = new ArrayList<>(new LinkedHashSet<>(rows.stream()
                .sorted(Comparator.comparing(GridAnalysis.Row::secondStage).thenComparingInt(GridAnalysis.Row::k))
                .map(GridCharts::column).toList()));
        int cellW = 46;
        int cellH = 22;
        int labelW = 10 + 6 * rowKeys.stream().mapToInt(String::length).max().orElse(10);
        int headerH = 14 + 6 * colKeys.stream().mapToInt(String::length).max().orElse(10);
        // Column labels are rotated -60 degrees: the last ones reach about half their length past the grid.
        int panelW = labelW + cellW * colKeys.size() + headerH / 2 + 20;
        int height = 40 + headerH + cellH * rowKeys.size() + 30;
        Svg svg = new Svg(panelW * 2, height, title);
        svg.text(10, 20, title, " font-size=\"14\" font-weight=\"bold\"");
        panel(svg, rows, rowKeys, colKeys, 0, 40, labelW, headerH, cellW, cellH, "nDCG@10", GridAnalysis.Row::ndcg10);
        panel(svg, rows, rowKeys, colKeys, panelW, 40, labelW, headerH, cellW, cellH, "MRR@10", GridAnalysis.Row::mrr10);
        return svg.document();
    }

    private static void panel(Svg svg, List<GridAnalysis.Row> rows, List<String> rowKeys, List<String> colKeys, int x0,
                              int y0, int labelW, int headerH, int cellW, int cellH, String metric,
                              ToDoubleFunction<GridAnalysis.Row> value) {
        double min = rows.stream().mapToDouble(value).min().orElse(0);
        double max = rows.stream().mapToDouble(value).max().orElse(1);
        svg.text(x0 + labelW, y0, metric + String.format(Locale.ROOT, " (%.3f to %.3f; * significant vs baseline, "
                + "B baseline)", min, max), " font-weight=\"bold\"");
        for (int c = 0; c < colKeys.size(); c++) {
            double x = x0 + labelW + c * cellW + cellW / 2.0;
            svg.text(x, y0 + headerH, colKeys.get(c), " transform=\"rotate(-60 " + Svg.n(x) + " " + Svg.n(y0 + headerH)
                    + ")\"");
        }
        for (int r = 0; r < rowKeys.size(); r++) {
            double y = y0 + headerH + 8 + r * cellH;
            svg.text(x0 + 6, y + cellH * 0.65, rowKeys.get(r), "");
            for (int c = 0; c < colKeys.size(); c++) {
                String rk = rowKeys.get(r);
                String ck = colKeys.get(c);
                double x = x0 + labelW + c * cellW;
                var cell = rows.stream().filter(x1 -> row(x1).equals(rk) && column(x1).equals(ck)).findFirst();
                if (cell.isEmpty()) {
                    svg.rect(x, y, cellW - 1, cellH - 1, "#eeeeee", "");
                    continue;
                }
                double v = value.applyAsDouble(cell.get());
                double t = max == min ? 1 : (v - min) / (max - min);
                svg.group(cell.get().id() + String.format(Locale.ROOT, ": %s %.4f, p50 %.1f ms", metric, v,
                        cell.get().p50Ms()));
                svg.rect(x, y, cellW - 1, cellH - 1, Svg.color(t), "");
                String mark = cell.get().baseline() ? "B" : cell.get().significant() ? "*" : "";
                svg.text(x + cellW / 2.0, y + cellH * 0.68, String.format(Locale.ROOT, "%.3f%s", v, mark),
                        " text-anchor=\"middle\" font-size=\"10\" fill=\"" + (t > 0.6 ? "black" : "white") + "\"");
                svg.endGroup();
            }
        }
    }

    public static String recall(List<GridAnalysis.RecallTarget> curves, double target, String title) {
        List<Integer> ks = curves.stream().flatMap(c -> c.recallAtK().keySet().stream()).distinct().sorted().toList();
        int legendW = 50 + 6 * curves.stream().mapToInt(c -> c.firstStage().length() + 16).max().orElse(30);
        int w = 560 + legendW;
        int h = 420;
        double left = 60;
        double right = w - legendW;
        double top = 40;
        double bottom = h - 50;
        double yMin = Math.max(0, Math.floor(curves.stream().flatMap(c -> c.recallAtK().values().stream())
                .mapToDouble(Double::doubleValue).min().orElse(0) * 10) / 10);
        Svg svg = new Svg(w, h, title);
        svg.text(10, 20, title, " font-size=\"14\" font-weight=\"bold\"");
        double[] xs = new double[ks.size()];
        for (int i = 0; i < ks.size(); i++) {
            xs[i] = ks.size() == 1 ? (left + right) / 2 : left + (right - left) * i / (ks.size() - 1);
            svg.line(xs[i], top, xs[i], bottom, "#dddddd", "");
            svg.text(xs[i], bottom + 16, "K=" + ks.get(i), " text-anchor=\"middle\"");
        }
        for (double yv = yMin; yv <= 1.0001; yv += 0.1) {
            double y = bottom - (bottom - top) * (yv - yMin) / (1 - yMin == 0 ? 1 : 1 - yMin);
            svg.line(left, y, right, y, "#eeeeee", "");
            svg.text(left - 6, y + 4, String.format(Locale.ROOT, "%.1f", yv), " text-anchor=\"end\"");
        }
        double ty = bottom - (bottom - top) * (target - yMin) / (1 - yMin == 0 ? 1 : 1 - yMin);
        svg.line(left, ty, right, ty, "#d62728", " stroke-dasharray=\"4 3\"");
        svg.text(left + 4, ty - 4, "target recall " + target, " fill=\"#d62728\"");
        svg.text((left + right) / 2, h - 12, "candidate budget K (first-stage recall of relevant documents)",
                " text-anchor=\"middle\"");
        for (int c = 0; c < curves.size(); c++) {
            var curve = curves.get(c);
            String color = PALETTE[c % PALETTE.length];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (Map.Entry<Integer, Double> e : curve.recallAtK().entrySet()) {
                px.add(xs[ks.indexOf(e.getKey())]);
                py.add(bottom - (bottom - top) * (e.getValue() - yMin) / (1 - yMin == 0 ? 1 : 1 - yMin));
            }
            svg.polyline(px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray(), color, " stroke-width=\"2\"");
            for (int i = 0; i < px.size(); i++) {
                svg.circle(px.get(i), py.get(i), 3, color, "");
            }
            if (curve.smallestK() != null) {
                int at = new ArrayList<>(curve.recallAtK().keySet()).indexOf(curve.smallestK());
                svg.circle(px.get(at), py.get(at), 7, "none", " stroke=\"" + color + "\" stroke-width=\"2\"");
            }
            String label = curve.firstStage() + (curve.smallestK() != null ? " (K=" + curve.smallestK() + ")"
                    : " (not reached)");
            svg.line(right + 10, top + 10 + c * 16, right + 28, top + 10 + c * 16, color, " stroke-width=\"3\"");
            svg.text(right + 32, top + 14 + c * 16, label, "");
        }
        return svg.document();
    }

    public static String pareto(List<GridAnalysis.Row> rows, String title) {
        int w = 820;
        int h = 480;
        double left = 60;
        double right = w - 240;
        double top = 40;
        double bottom = h - 50;
        double xMax = rows.stream().mapToDouble(GridAnalysis.Row::p50Ms).max().orElse(1) * 1.05;
        double yMin = rows.stream().mapToDouble(GridAnalysis.Row::ndcg10).min().orElse(0) - 0.01;
        double yMax = rows.stream().mapToDouble(GridAnalysis.Row::ndcg10).max().orElse(1) + 0.01;
        Svg svg = new Svg(w, h, title);
        svg.text(10, 20, title, " font-size=\"14\" font-weight=\"bold\"");
        ToDoubleFunction<Double> sx = v -> left + (right - left) * v / xMax;
        ToDoubleFunction<Double> sy = v -> bottom - (bottom - top) * (v - yMin) / (yMax - yMin);
        for (int i = 0; i <= 5; i++) {
            double xv = xMax * i / 5;
            double yv = yMin + (yMax - yMin) * i / 5;
            svg.line(sx.applyAsDouble(xv), top, sx.applyAsDouble(xv), bottom, "#eeeeee", "");
            svg.text(sx.applyAsDouble(xv), bottom + 16, String.format(Locale.ROOT, "%.0f", xv), " text-anchor=\"middle\"");
            svg.line(left, sy.applyAsDouble(yv), right, sy.applyAsDouble(yv), "#eeeeee", "");
            svg.text(left - 6, sy.applyAsDouble(yv) + 4, String.format(Locale.ROOT, "%.3f", yv), " text-anchor=\"end\"");
        }
        svg.text((left + right) / 2, h - 12, "p50 latency per query (ms)", " text-anchor=\"middle\"");
        svg.text(14, (top + bottom) / 2, "nDCG@10", " transform=\"rotate(-90 14 " + Svg.n((top + bottom) / 2) + ")\"");
        List<String> stages = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(GridAnalysis.Row::secondStage).toList()));
        for (GridAnalysis.Row r : rows) {
            String color = PALETTE[stages.indexOf(r.secondStage()) % PALETTE.length];
            svg.group(String.format(Locale.ROOT, "%s: nDCG@10 %.4f, p50 %.1f ms", r.id(), r.ndcg10(), r.p50Ms()));
            svg.circle(sx.applyAsDouble(r.p50Ms()), sy.applyAsDouble(r.ndcg10()), r.pareto() ? 5 : 3, color,
                    r.pareto() ? " stroke=\"black\"" : " fill-opacity=\"0.6\"");
            svg.endGroup();
        }
        List<GridAnalysis.Row> front = rows.stream().filter(GridAnalysis.Row::pareto)
                .sorted(Comparator.comparingDouble(GridAnalysis.Row::p50Ms)).toList();
        svg.polyline(front.stream().mapToDouble(r -> sx.applyAsDouble(r.p50Ms())).toArray(),
                front.stream().mapToDouble(r -> sy.applyAsDouble(r.ndcg10())).toArray(), "black",
                " stroke-width=\"1.5\" stroke-dasharray=\"5 3\"");
        for (GridAnalysis.Row r : front) {
            svg.text(sx.applyAsDouble(r.p50Ms()) + 7, sy.applyAsDouble(r.ndcg10()) - 6, shortLabel(r), " font-size=\"9\"");
        }
        rows.stream().filter(GridAnalysis.Row::baseline).findFirst().ifPresent(b -> svg.circle(sx.applyAsDouble(b.p50Ms()),
                sy.applyAsDouble(b.ndcg10()), 9, "none", " stroke=\"#d62728\" stroke-width=\"2\""));
        for (int i = 0; i < stages.size(); i++) {
            svg.circle(right + 20, top + 10 + i * 16, 4, PALETTE[i % PALETTE.length], "");
            svg.text(right + 30, top + 14 + i * 16, stages.get(i), "");
        }
        int n = stages.size();
        svg.circle(right + 20, top + 14 + n * 16, 7, "none", " stroke=\"#d62728\" stroke-width=\"2\"");
        svg.text(right + 30, top + 18 + n * 16, "baseline", "");
        svg.text(right + 10, top + 38 + n * 16, "dashed: Pareto front (labelled)", "");
        return svg.document();
    }

    private static String shortLabel(GridAnalysis.Row r) {
        return r.embedder() + " " + r.retriever() + " " + r.secondStage() + " K" + r.k();
    }
}
