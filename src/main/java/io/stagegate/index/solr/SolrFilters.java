package io.stagegate.index.solr;

import io.stagegate.Filter;
import io.stagegate.StagegateException;
import io.stagegate.index.MetadataFields;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@link Filter} as a Solr filter query (standard query syntax over the typed {@code m?_<name>} fields), the same
 * semantics as the embedded index's translation: unknown fields and wrong value types are 400s; a fractional bound on
 * a long field rounds inward; {@code exists} is the {@code mhas} marker.
 */
final class SolrFilters {
    static final String HAS = "mhas";

    private final MetadataFields fields;

    SolrFilters(MetadataFields fields) {
        this.fields = fields;
    }

    String query(Filter f) {
        return switch (f) {
            case Filter.Term t -> terms(t.field(), List.of(t.value()));
            case Filter.Terms t -> terms(t.field(), t.values());
            case Filter.Range r -> range(r);
            case Filter.Exists e -> {
                type(e.field());
                yield HAS + ":" + quote(e.field());
            }
            case Filter.And a -> a.all().stream().map(this::query).collect(Collectors.joining(" AND ", "(", ")"));
            case Filter.Or o -> o.any().stream().map(this::query).collect(Collectors.joining(" OR ", "(", ")"));
            case Filter.Not n -> "(*:* -" + query(n.negated()) + ")";
        };
    }

    private MetadataFields.Type type(String field) {
        return fields.require(field);
    }

    private String terms(String field, List<Object> values) {
        MetadataFields.Type t = type(field);
        StringBuilder b = new StringBuilder("(");
        for (Object v : values) {
            String term = switch (t) {
                case KEYWORD -> v instanceof String s ? quote(s) : null;
                case BOOLEAN -> v instanceof Boolean x ? x.toString() : null;
                case LONG -> v instanceof Long l ? l.toString() : v instanceof Double ? "" : null;
                case DOUBLE -> v instanceof Number n ? number(n.doubleValue()) : null;
            };
            if (term == null) {
                throw wrongType(field, t, v);
            }
            if (!term.isEmpty()) {
                b.append(b.length() > 1 ? " OR " : "").append(t.solrField(field)).append(':').append(term);
            }
        }
        // A non-integral number equals no long value.
        return b.length() == 1 ? "(-*:*)" : b.append(')').toString();
    }

    private String range(Filter.Range r) {
        MetadataFields.Type t = type(r.field());
        Object low = r.gte() != null ? r.gte() : r.gt();
        Object high = r.lte() != null ? r.lte() : r.lt();
        boolean lowIn = r.gt() == null;
        boolean highIn = r.lt() == null;
        String name = t.solrField(r.field());
        return switch (t) {
            case BOOLEAN -> throw StagegateException.invalid("filter range on boolean metadata field '" + r.field()
                    + "': use term");
            case LONG -> {
                long[] b = MetadataFields.wholeRange(r.field(), low, lowIn, high, highIn);
                yield b[0] > b[1] ? "(-*:*)" : name + ":[" + (low == null ? "*" : b[0]) + " TO "
                        + (high == null ? "*" : b[1]) + "]";
            }
            case DOUBLE -> name + ":" + (lowIn ? "[" : "{")
                    + (low == null ? "*" : Double.toString(number(r.field(), t, low))) + " TO "
                    + (high == null ? "*" : Double.toString(number(r.field(), t, high))) + (highIn ? "]" : "}");
            case KEYWORD -> name + ":" + (lowIn ? "[" : "{") + keyword(r.field(), t, low) + " TO "
                    + keyword(r.field(), t, high) + (highIn ? "]" : "}");
        };
    }

    private static double number(String field, MetadataFields.Type t, Object v) {
        if (!(v instanceof Number n)) {
            throw wrongType(field, t, v);
        }
        return n.doubleValue();
    }

    private static String keyword(String field, MetadataFields.Type t, Object v) {
        if (v == null) {
            return "*";
        }
        if (!(v instanceof String s)) {
            throw wrongType(field, t, v);
        }
        return quote(s);
    }

    private static String number(double d) {
        return Double.toString(d);
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static StagegateException wrongType(String field, MetadataFields.Type t, Object v) {
        return MetadataFields.wrongType(field, t, v);
    }
}
