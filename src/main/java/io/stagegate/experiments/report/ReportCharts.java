package io.stagegate.experiments.report;

import io.stagegate.stats.Svg;
import java.util.List;

/** The report page's charts on the one SVG writer: grouped bars, a forest plot of intervals, a stacked bar. */
final class ReportCharts {
    private static final int WIDTH = 640;

    private ReportCharts() {
    }

    /** One group per label; one bar per series within a group; values in [0, max]. */
    record Series(String name, List<Double> values) {
    }

    /** An estimate with its [low, high] interval. */
    record Row(String label, double estimate, double low, double high, boolean significant) {
    }

    static String bars(String title, List<String> groups, List<Series> series, double max, String unit) {
        int height = 260;
        int left = 60;
        int plotW = WIDTH - left - 20;
        int plotH = height - 80;
        Svg s = titled(height, title);
        for (int i = 0; i <= 4; i++) {
            double y = 30 + plotH - plotH * i / 4.0;
            s.line(left, y, 620, y, "#ddd", "");
            s.text(left - 4, y + 3, Svg.fmt(max * i / 4) + unit, " font-size=\"10\" text-anchor=\"end\"");
        }
        double groupW = (double) plotW / Math.max(1, groups.size());
        double barW = groupW * 0.8 / Math.max(1, series.size());
        for (int g = 0; g < groups.size(); g++) {
            double gx = left + g * groupW + groupW * 0.1;
            for (int k = 0; k < series.size(); k++) {
                Double v = series.get(k).values().get(g);
                if (v == null || v.isNaN()) {
                    continue;
                }
                double h = Math.max(0, Math.min(1, v / max)) * plotH;
                s.group(groups.get(g) + " " + series.get(k).name() + ": " + Svg.fmt(v))
                        .rect(gx + k * barW, 30 + plotH - h, barW * 0.95, h, Svg.palette(k), "").endGroup();
            }
            s.text(gx + groupW * 0.4, 30 + plotH + 16, groups.get(g), " text-anchor=\"middle\"");
        }
        return s.legend(series.stream().map(Series::name).toList(), left, height - 8).end();
    }

    /** Rows of estimate with [low, high]; a dashed vertical line marks zero; significant rows in red. */
    static String forest(String title, List<Row> rows) {
        int rowH = 26;
        int height = 60 + rows.size() * rowH;
        int left = 220;
        int plotW = WIDTH - left - 30;
        double lo = 0;
        double hi = 0;
        for (Row r : rows) {
            lo = Math.min(lo, finite(r.low(), r.estimate()));
            hi = Math.max(hi, finite(r.high(), r.estimate()));
        }
        double pad = (hi - lo) * 0.1 + 1e-9;
        double min = lo - pad;
        double span = hi + pad - min;
        Svg s = titled(height, title);
        double zero = left + (0 - min) / span * plotW;
        s.line(zero, 30, zero, height - 20, "#888", " stroke-dasharray=\"4 3\"");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double y = 45 + i * rowH;
            String color = r.significant() ? "#c0392b" : "#3b6ea5";
            s.text(left - 8, y + 4, r.label(), " text-anchor=\"end\"");
            if (!Double.isNaN(r.low()) && !Double.isNaN(r.high())) {
                s.line(left + (r.low() - min) / span * plotW, y, left + (r.high() - min) / span * plotW, y, color,
                        " stroke-width=\"2\"");
            }
            s.group(r.label() + ": " + Svg.fmt(r.estimate()) + " [" + Svg.fmt(r.low()) + ", " + Svg.fmt(r.high()) + "]")
                    .circle(left + (r.estimate() - min) / span * plotW, y, 4, color, "").endGroup();
        }
        return s.text(zero, height - 6, "0", " font-size=\"10\" text-anchor=\"middle\"").end();
    }

    /** One horizontal bar split into parts (e.g. wins, ties, losses); a line marks the middle. */
    static String stacked(String title, List<String> parts, List<Long> counts) {
        int height = 110;
        long total = counts.stream().mapToLong(Long::longValue).sum();
        Svg s = titled(height, title);
        double x = 20;
        double plotW = WIDTH - 40;
        for (int i = 0; i < parts.size(); i++) {
            double w = total == 0 ? 0 : plotW * counts.get(i) / total;
            s.group(parts.get(i) + ": " + counts.get(i)).rect(x, 35, w, 30, Svg.palette(i), "").endGroup();
            x += w;
        }
        s.line(20 + plotW / 2, 30, 20 + plotW / 2, 70, "#222", "");
        return s.legend(parts.stream().map(p -> p + " " + counts.get(parts.indexOf(p))).toList(), 20, height - 12).end();
    }

    private static Svg titled(int height, String title) {
        return new Svg(WIDTH, height, title).text(10, 18, title, " font-size=\"13\" font-weight=\"bold\"");
    }

    private static double finite(double v, double fallback) {
        return Double.isNaN(v) || Double.isInfinite(v) ? fallback : v;
    }
}
