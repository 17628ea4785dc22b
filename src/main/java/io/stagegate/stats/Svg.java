package io.stagegate.stats;

import java.util.List;
import java.util.Locale;

/** Small, dependency-free SVG charts for the report page: grouped bars and a forest plot of intervals. */
public final class Svg {
    static final String[] COLORS = {"#3b6ea5", "#e07b39", "#5a9e5a", "#a05aa0", "#c4a23a", "#4aa3a3"};

    private Svg() {
    }

    /** One group per label; one bar per series within a group; values in [0, max]. */
    public record Series(String name, List<Double> values) {
    }

    public static String bars(String title, List<String> groups, List<Series> series, double max, String unit) {
        int width = 640;
        int height = 260;
        int left = 60;
        int bottom = 40;
        int plotW = width - left - 20;
        int plotH = height - bottom - 40;
        StringBuilder s = header(width, height, title);
        axis(s, left, plotH, max, unit);
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
                s.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'>"
                                + "<title>%s %s: %s</title></rect>", gx + k * barW, 30 + plotH - h, barW * 0.95, h,
                        COLORS[k % COLORS.length], esc(groups.get(g)), esc(series.get(k).name()), fmt(v)));
            }
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' text-anchor='middle' font-size='11'>%s</text>",
                    gx + groupW * 0.4, 30 + plotH + 16, esc(groups.get(g))));
        }
        legend(s, series.stream().map(Series::name).toList(), left, height - 8);
        return s.append("</svg>").toString();
    }

    /** Rows of estimate with [low, high]; a vertical line marks zero. */
    public record Row(String label, double estimate, double low, double high, boolean significant) {
    }

    public static String forest(String title, List<Row> rows) {
        int width = 640;
        int rowH = 26;
        int height = 60 + rows.size() * rowH;
        int left = 220;
        int plotW = width - left - 30;
        double lo = 0;
        double hi = 0;
        for (Row r : rows) {
            lo = Math.min(lo, finite(r.low(), r.estimate()));
            hi = Math.max(hi, finite(r.high(), r.estimate()));
        }
        double pad = (hi - lo) * 0.1 + 1e-9;
        double min = lo - pad;
        double span = hi + pad - min;
        StringBuilder s = header(width, height, title);
        double zero = left + (0 - min) / span * plotW;
        s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='30' x2='%.1f' y2='%d' stroke='#888' stroke-dasharray='4 3'/>",
                zero, zero, height - 20));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double y = 45 + i * rowH;
            String color = r.significant() ? "#c0392b" : "#3b6ea5";
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>",
                    left - 8, y + 4, esc(r.label())));
            if (!Double.isNaN(r.low()) && !Double.isNaN(r.high())) {
                s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='%s' stroke-width='2'/>",
                        left + (r.low() - min) / span * plotW, y, left + (r.high() - min) / span * plotW, y, color));
            }
            s.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='%s'><title>%s: %s [%s, %s]</title>"
                            + "</circle>", left + (r.estimate() - min) / span * plotW, y, color, esc(r.label()),
                    fmt(r.estimate()), fmt(r.low()), fmt(r.high())));
        }
        s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='10' text-anchor='middle'>0</text>", zero,
                height - 6));
        return s.append("</svg>").toString();
    }

    /** One horizontal bar split into parts (e.g. wins, ties, losses). */
    public static String stacked(String title, List<String> parts, List<Long> counts) {
        int width = 640;
        int height = 110;
        long total = counts.stream().mapToLong(Long::longValue).sum();
        StringBuilder s = header(width, height, title);
        double x = 20;
        double plotW = width - 40;
        for (int i = 0; i < parts.size(); i++) {
            double w = total == 0 ? 0 : plotW * counts.get(i) / total;
            s.append(String.format(Locale.ROOT, "<rect x='%.1f' y='35' width='%.1f' height='30' fill='%s'><title>%s: %d</title></rect>",
                    x, w, COLORS[i % COLORS.length], esc(parts.get(i)), counts.get(i)));
            x += w;
        }
        s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='30' x2='%.1f' y2='70' stroke='#222'/>", 20 + plotW / 2,
                20 + plotW / 2));
        legend(s, parts.stream().map(p -> p + " " + counts.get(parts.indexOf(p))).toList(), 20, height - 12);
        return s.append("</svg>").toString();
    }

    private static StringBuilder header(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' font-family='sans-serif'><text x='10' y='18' font-size='13' font-weight='bold'>%s</text>",
                width, height, width, height, esc(title)));
    }

    private static void axis(StringBuilder s, int left, int plotH, double max, String unit) {
        for (int i = 0; i <= 4; i++) {
            double y = 30 + plotH - plotH * i / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
                    + "<text x='%d' y='%.1f' font-size='10' text-anchor='end'>%s%s</text>", left, y, 620, y, left - 4, y + 3,
                    fmt(max * i / 4), esc(unit)));
        }
    }

    private static void legend(StringBuilder s, List<String> names, int x, int y) {
        int at = x;
        for (int i = 0; i < names.size(); i++) {
            s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='10' height='10' fill='%s'/>"
                    + "<text x='%d' y='%d' font-size='11'>%s</text>", at, y - 9, COLORS[i % COLORS.length], at + 14, y,
                    esc(names.get(i))));
            at += 24 + names.get(i).length() * 7;
        }
    }

    private static double finite(double v, double fallback) {
        return Double.isNaN(v) || Double.isInfinite(v) ? fallback : v;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    public static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
