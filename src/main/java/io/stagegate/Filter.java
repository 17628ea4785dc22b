package io.stagegate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A condition on document metadata that the first stage applies before ranking (pre-filtering: K results come back
 * whenever K documents match). One small language for HTTP and gRPC alike, in the JSON shape Elasticsearch users
 * know: every node is an object with exactly one operator,
 * <pre>
 * {"term": {"tenant": "acme"}}          {"terms": {"tenant": ["acme", "globex"]}}
 * {"range": {"year": {"gte": 2020, "lt": 2024}}}    {"exists": "expires"}
 * {"and": [f, ...]}   {"or": [f, ...]}   {"not": f}
 * </pre>
 * Values are strings, booleans, integers (long) or other numbers (double). Parsed from the plain Java values a JSON
 * library or a protobuf Struct yields (maps, lists, strings, numbers, booleans), so both transports share it.
 */
public sealed interface Filter {
    int MAX_DEPTH = 8;
    int MAX_NODES = 256;
    int MAX_TERMS = 1024;
    Pattern FIELD = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    List<String> OPERATORS = List.of("term", "terms", "range", "exists", "and", "or", "not");

    record Term(String field, Object value) implements Filter {
    }

    record Terms(String field, List<Object> values) implements Filter {
        public Terms {
            values = List.copyOf(values);
        }
    }

    /** Bounds not given are null; at least one is given. */
    record Range(String field, Object gte, Object gt, Object lte, Object lt) implements Filter {
    }

    record Exists(String field) implements Filter {
    }

    record And(List<Filter> all) implements Filter {
        public And {
            all = List.copyOf(all);
        }
    }

    record Or(List<Filter> any) implements Filter {
        public Or {
            any = List.copyOf(any);
        }
    }

    record Not(Filter negated) implements Filter {
    }

    /** The filter in its JSON shape again (for query events and logs). */
    default Object toJson() {
        return switch (this) {
            case Term t -> Map.of("term", Map.of(t.field(), t.value()));
            case Terms t -> Map.of("terms", Map.of(t.field(), t.values()));
            case Range r -> {
                Map<String, Object> bounds = new LinkedHashMap<>();
                putIf(bounds, "gte", r.gte());
                putIf(bounds, "gt", r.gt());
                putIf(bounds, "lte", r.lte());
                putIf(bounds, "lt", r.lt());
                yield Map.of("range", Map.of(r.field(), bounds));
            }
            case Exists e -> Map.of("exists", e.field());
            case And a -> Map.of("and", a.all().stream().map(Filter::toJson).toList());
            case Or o -> Map.of("or", o.any().stream().map(Filter::toJson).toList());
            case Not n -> Map.of("not", n.negated().toJson());
        };
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    /** Every field the filter names, in order of appearance. */
    default List<String> fields() {
        List<String> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(Filter f, List<String> out) {
        switch (f) {
            case Term t -> out.add(t.field());
            case Terms t -> out.add(t.field());
            case Range r -> out.add(r.field());
            case Exists e -> out.add(e.field());
            case And a -> a.all().forEach(x -> collect(x, out));
            case Or o -> o.any().forEach(x -> collect(x, out));
            case Not n -> collect(n.negated(), out);
        }
    }

    /**
     * Parses the JSON shape; null gives null (no filter). A bad node is a 400 naming where it is ({@code filter.and[1]
     * .range.year}) and what is wrong.
     */
    static Filter parse(Object json) {
        if (json == null) {
            return null;
        }
        int[] nodes = {0};
        return FilterParser.node(json, "filter", 1, nodes);
    }
}
