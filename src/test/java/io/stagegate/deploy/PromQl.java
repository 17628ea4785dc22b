package io.stagegate.deploy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for the checks: the metric names an expression selects, and the literal label matchers
 * written beside them. Grafana variables ($pair, $__rate_interval) and prometheus-adapter templates
 * (&lt;&lt;.LabelMatchers&gt;&gt;) are tolerated.
 */
final class PromQl {
    /** Words that look like names but are not: aggregations (sum by (...) (...)) and operators. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** A selector: a name, optionally followed by {matchers}. */
    private static final Pattern SELECTOR = Pattern.compile("(?<![\\w.$:])([A-Za-z_:][\\w:]*)\\s*(\\{[^}]*})?");
    private static final Pattern MATCHER = Pattern.compile("([A-Za-z_]\\w*)\\s*(=~|!=|!~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PromQl() {
    }

    /** The metric names the expression selects. */
    static Set<String> metrics(String expr) {
        return selectors(expr).keySet();
    }

    /** Each selected metric name with the literal equality matchers written on it (label → values). */
    static Map<String, Map<String, Set<String>>> selectors(String expr) {
        String s = expr.replaceAll("<<[^>]*>>", "")            // prometheus-adapter templates
                .replaceAll("\\$\\{[^}]*}", "x")                  // ${var}
                .replaceAll("\\$\\w+", "x")                       // $var, $__rate_interval
                .replaceAll("\\[[^\\]]*]", "")                    // range and subquery windows
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "$1");
        Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(stripStringsOutsideBraces(s));
        while (m.find()) {
            String name = m.group(1);
            int after = m.end(1);
            boolean call = after < s.length() && s.substring(after).stripLeading().startsWith("(") && m.group(2) == null;
            if (call || KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            Map<String, Set<String>> labels = out.computeIfAbsent(name, k -> new LinkedHashMap<>());
            if (m.group(2) != null) {
                Matcher l = MATCHER.matcher(m.group(2));
                while (l.find()) {
                    if (l.group(2).equals("=")) {
                        labels.computeIfAbsent(l.group(1), k -> new LinkedHashSet<>()).add(l.group(3));
                    }
                }
            }
        }
        return out;
    }

    /** The metric names a Grafana variable query selects: label_values(selector, label) or query_result(expr). */
    static Set<String> variableMetrics(String query) {
        Matcher m = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", Pattern.DOTALL).matcher(query);
        if (m.matches()) {
            return metrics(m.group(1));
        }
        m = Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL).matcher(query);
        if (m.matches()) {
            return metrics(m.group(1));
        }
        throw new IllegalArgumentException("variable query is neither label_values(selector, label) nor "
                + "query_result(expr): " + query);
    }

    /**
     * Blanks string literals outside {...} (label_replace arguments and the like) so their words are not read as
     * names; keeps the length, so positions stay valid.
     */
    private static String stripStringsOutsideBraces(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = depth > 0 || !(inString || c == '"');
            if (inString && c == '\\' && i + 1 < s.length()) {
                b.append(keep ? s.substring(i, i + 2) : "  ");
                i++;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            } else if (!inString && c == '{') {
                depth++;
            } else if (!inString && c == '}') {
                depth = Math.max(0, depth - 1);
            }
            b.append(keep ? c : ' ');
        }
        return b.toString();
    }
}
