package io.stagegate.eval;

import java.util.Locale;

/** A minimal SVG writer: escaped text, numbers with fixed precision, nothing else. */
final class Svg {
    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String title) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    static String escape(String s) {
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

    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    Svg rect(double x, double y, double w, double h, String fill, String extra) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append('"').append(extra).append("/>\n");
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, String extra) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append('"').append(extra).append("/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String extra) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append("\" fill=\"").append(fill).append('"').append(extra).append("/>\n");
        return this;
    }

    Svg polyline(double[] xs, double[] ys, String stroke, String extra) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(n(xs[i])).append(',').append(n(ys[i])).append(' ');
        }
        out.append('"').append(extra).append("/>\n");
        return this;
    }

    Svg text(double x, double y, String text, String extra) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"').append(extra).append('>')
                .append(escape(text)).append("</text>\n");
        return this;
    }

    /** A tooltip for the element opened just before (browsers show it on hover). */
    Svg group(String tooltip) {
        out.append("<g><title>").append(escape(tooltip)).append("</title>\n");
        return this;
    }

    Svg endGroup() {
        out.append("</g>\n");
        return this;
    }

    String end() {
        return out.append("</svg>\n").toString();
    }

    /** A perceptually ordered ramp (viridis end points and middle) for t in [0, 1]. */
    static String color(double t) {
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
