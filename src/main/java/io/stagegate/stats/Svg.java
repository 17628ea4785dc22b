package io.stagegate.stats;

import java.util.Locale;

/**
 * The one SVG writer, for the grid's chart files and the report page's inline charts: escaped text, coordinates with
 * fixed precision, a few shapes, tooltips, and a colour ramp. Nothing else, so the output stays small and valid.
 */
public final class Svg {
    /** Categorical colours for series and parts, in order. */
    public static final String[] PALETTE = {"#3b6ea5", "#e07b39", "#5a9e5a", "#a05aa0", "#c4a23a", "#4aa3a3"};

    private final StringBuilder out = new StringBuilder();

    public Svg(int width, int height, String title) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    /** A colour of {@link #PALETTE}, cycling. */
    public static String palette(int i) {
        return PALETTE[i % PALETTE.length];
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** A coordinate: one decimal. */
    public static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** A value for a label or tooltip: three significant digits, whole numbers from 100, n/a for NaN. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    public Svg rect(double x, double y, double w, double h, String fill, String extra) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append('"').append(extra).append("/>\n");
        return this;
    }

    public Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append('"').append(extra).append("/>\n");
        return this;
    }

    public Svg circle(double cx, double cy, double r, String fill, String extra) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill).append('"').append(extra).append("/>\n");
        return this;
    }

    public Svg polyline(double[] xs, double[] ys, String stroke, String extra) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(n(xs[i])).append(',').append(n(ys[i])).append(' ');
        }
        out.append('"').append(extra).append("/>\n");
        return this;
    }

    public Svg text(double x, double y, String text, String extra) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"').append(extra).append('>')
                .append(escape(text)).append("</text>\n");
        return this;
    }

    /** Opens a group whose tooltip browsers show on hover over what it holds; close it with {@link #endGroup}. */
    public Svg group(String tooltip) {
        out.append("<g><title>").append(escape(tooltip)).append("</title>\n");
        return this;
    }

    public Svg endGroup() {
        out.append("</g>\n");
        return this;
    }

    /** Swatches with labels in a row from (x, y), coloured by {@link #palette}. */
    public Svg legend(java.util.List<String> names, double x, double y) {
        double at = x;
        for (int i = 0; i < names.size(); i++) {
            rect(at, y - 9, 10, 10, palette(i), "");
            text(at + 14, y, names.get(i), "");
            at += 24 + names.get(i).length() * 7;
        }
        return this;
    }

    /** The chart as an element to embed in HTML. */
    public String end() {
        return out.append("</svg>\n").toString();
    }

    /** The chart as a standalone .svg file. */
    public String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + end();
    }

    /** A perceptually ordered ramp (viridis end points and middle) for t in [0, 1]. */
    public static String color(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        t = Math.max(0, Math.min(1, t));
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) Math.floor(pos));
        double f = pos - i;
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
            rgb[c] = (int) Math.round(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]));
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }
}
