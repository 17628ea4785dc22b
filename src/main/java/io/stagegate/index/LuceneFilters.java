package io.stagegate.index;

import io.stagegate.Filter;
import io.stagegate.StagegateException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * A {@link Filter} as a Lucene query over the fields {@link MetadataFields} indexes. A field the index has never seen
 * and a value of the wrong type are 400s naming them (a typo must not silently match nothing).
 */
final class LuceneFilters {
    private final MetadataFields fields;

    LuceneFilters(MetadataFields fields) {
        this.fields = fields;
    }

    Query query(Filter f) {
        return switch (f) {
            case Filter.Term t -> terms(t.field(), List.of(t.value()));
            case Filter.Terms t -> terms(t.field(), t.values());
            case Filter.Range r -> range(r);
            case Filter.Exists e -> {
                type(e.field());
                yield new TermQuery(new Term(MetadataFields.HAS, e.field()));
            }
            case Filter.And a -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                a.all().forEach(x -> b.add(query(x), BooleanClause.Occur.FILTER));
                yield b.build();
            }
            case Filter.Or o -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
                o.any().forEach(x -> b.add(query(x), BooleanClause.Occur.SHOULD));
                yield b.build();
            }
            case Filter.Not n -> new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
                    .add(query(n.negated()), BooleanClause.Occur.MUST_NOT).build();
        };
    }

    private MetadataFields.Type type(String field) {
        return fields.require(field);
    }

    private Query terms(String field, List<Object> values) {
        MetadataFields.Type t = type(field);
        String name = t.prefix + field;
        return switch (t) {
            case KEYWORD, BOOLEAN -> {
                List<BytesRef> terms = new ArrayList<>(values.size());
                for (Object v : values) {
                    if (t == MetadataFields.Type.KEYWORD ? !(v instanceof String) : !(v instanceof Boolean)) {
                        throw wrongType(field, t, v);
                    }
                    terms.add(new BytesRef(v.toString()));
                }
                yield terms.size() == 1 ? new TermQuery(new Term(name, terms.get(0))) : new TermInSetQuery(name, terms);
            }
            case LONG -> {
                List<Long> longs = new ArrayList<>();
                for (Object v : values) {
                    if (v instanceof Long l) {
                        longs.add(l);
                    } else if (!(v instanceof Double)) {
                        throw wrongType(field, t, v);
                    }
                    // A non-integral number equals no long value.
                }
                yield longs.isEmpty() ? new MatchNoDocsQuery("no integral value for a long field")
                        : LongPoint.newSetQuery(name, longs);
            }
            case DOUBLE -> {
                double[] ds = new double[values.size()];
                for (int i = 0; i < ds.length; i++) {
                    if (!(values.get(i) instanceof Number n)) {
                        throw wrongType(field, t, values.get(i));
                    }
                    ds[i] = n.doubleValue();
                }
                yield DoublePoint.newSetQuery(name, ds);
            }
        };
    }

    private Query range(Filter.Range r) {
        MetadataFields.Type t = type(r.field());
        String name = t.prefix + r.field();
        Object low = r.gte() != null ? r.gte() : r.gt();
        Object high = r.lte() != null ? r.lte() : r.lt();
        boolean lowIn = r.gt() == null;
        boolean highIn = r.lt() == null;
        return switch (t) {
            case KEYWORD -> {
                for (Object v : new Object[] {low, high}) {
                    if (v != null && !(v instanceof String)) {
                        throw wrongType(r.field(), t, v);
                    }
                }
                yield TermRangeQuery.newStringRange(name, (String) low, (String) high, lowIn, highIn);
            }
            case BOOLEAN -> throw StagegateException.invalid("filter range on boolean metadata field '" + r.field()
                    + "': use term");
            case LONG -> {
                long[] b = MetadataFields.wholeRange(r.field(), low, lowIn, high, highIn);
                yield b[0] > b[1] ? new MatchNoDocsQuery("empty range") : LongPoint.newRangeQuery(name, b[0], b[1]);
            }
            case DOUBLE -> {
                double lo = low == null ? Double.NEGATIVE_INFINITY : number(r.field(), t, low);
                double hi = high == null ? Double.POSITIVE_INFINITY : number(r.field(), t, high);
                lo = low != null && !lowIn ? Math.nextUp(lo) : lo;
                hi = high != null && !highIn ? Math.nextDown(hi) : hi;
                yield lo > hi ? new MatchNoDocsQuery("empty range") : DoublePoint.newRangeQuery(name, lo, hi);
            }
        };
    }

    private static double number(String field, MetadataFields.Type t, Object v) {
        if (!(v instanceof Number n)) {
            throw wrongType(field, t, v);
        }
        return n.doubleValue();
    }

    private static StagegateException wrongType(String field, MetadataFields.Type t, Object v) {
        return MetadataFields.wrongType(field, t, v);
    }
}
