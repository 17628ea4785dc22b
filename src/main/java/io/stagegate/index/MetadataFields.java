package io.stagegate.index;

import io.stagegate.Document;
import io.stagegate.StagegateException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexReader;

/**
 * Which metadata fields are filterable, with which type, and how their values are indexed. The rule is first sight:
 * a field's type is the JSON type of the first value the index stored for it (a string is {@code keyword}, an integer
 * {@code long}, another number {@code double}, true/false {@code boolean}; an array is several values of one type;
 * objects and nulls are stored but not filterable). A later value of another type is refused, naming the field and
 * both types. Dates filter as ISO-8601 strings: keyword ranges compare strings, which orders dates of one format.
 * Each type has its own Lucene field ({@code mk.}, {@code ml.}, {@code md.}, {@code mb.}), so the types a field has are
 * read back from the index at startup, and {@code mhas} marks which fields a document has (for {@code exists}).
 */
public final class MetadataFields {
    public enum Type {
        KEYWORD("mk.", "solr.StrField"), LONG("ml.", "solr.LongPointField"), DOUBLE("md.", "solr.DoublePointField"),
        BOOLEAN("mb.", "solr.BoolField");

        final String prefix;
        /** The Solr field class of its Solr field, {@code <m?>_<name>} (field type {@code sg_meta_<type>}). */
        public final String solrType;

        Type(String prefix, String solrType) {
            this.prefix = prefix;
            this.solrType = solrType;
        }

        /** The Solr field for a metadata field of this type. */
        public String solrField(String field) {
            return prefix.charAt(0) + "" + prefix.charAt(1) + "_" + field;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String HAS = "mhas";

    private final Map<String, Type> types = new HashMap<>();

    /** The types the index holds (at open, and after a rolled-back write forgot the types it had added). */
    synchronized void reload(IndexReader reader) {
        types.clear();
        for (FieldInfo fi : FieldInfos.getMergedFieldInfos(reader)) {
            for (Type t : Type.values()) {
                if (fi.name.startsWith(t.prefix)) {
                    types.putIfAbsent(fi.name.substring(t.prefix.length()), t);
                }
            }
        }
    }

    /** Registers a type the backend already holds (Solr's schema fields). */
    public synchronized void known(String field, Type type) {
        types.putIfAbsent(field, type);
    }

    public synchronized Type type(String field) {
        return types.get(field);
    }

    /** The type of a field a filter names; a 400 listing the filterable fields when no document has it. */
    public Type require(String field) {
        Type t = type(field);
        if (t == null) {
            throw StagegateException.invalid("filter names metadata field '" + field + "', which no document has; "
                    + "filterable fields: " + known());
        }
        return t;
    }

    /** The 400 for a filter value of the wrong type for its field. */
    public static StagegateException wrongType(String field, Type t, Object v) {
        return StagegateException.invalid("filter compares metadata field '" + field + "' (" + t.wire() + ") with "
                + (v instanceof String s ? "'" + s + "'" : String.valueOf(v)) + ", a "
                + (v instanceof String ? "string" : v instanceof Boolean ? "boolean" : "number"));
    }

    /**
     * A range on a long field as inclusive whole bounds, rounded inward (2020.5 <= year means 2021 <= year); null
     * bounds are open. Empty when low > high.
     */
    public static long[] wholeRange(String field, Object low, boolean lowIn, Object high, boolean highIn) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (low != null) {
            double d = number(field, low);
            lo = lowIn ? (long) Math.ceil(d) : (long) Math.floor(d) + 1;
        }
        if (high != null) {
            double d = number(field, high);
            hi = highIn ? (long) Math.floor(d) : (long) Math.ceil(d) - 1;
        }
        return new long[] {lo, hi};
    }

    static double number(String field, Object v) {
        if (!(v instanceof Number n)) {
            throw wrongType(field, Type.LONG, v);
        }
        return n.doubleValue();
    }

    public synchronized Map<String, String> known() {
        Map<String, String> out = new TreeMap<>();
        types.forEach((k, v) -> out.put(k, v.wire()));
        return out;
    }

    /**
     * Checks a batch before anything is written and returns the types it adds; the caller records them with
     * {@link #commit} once the batch is committed, so a refused or rolled-back batch leaves no type behind.
     */
    public synchronized Map<String, Type> check(List<Document> documents) {
        Map<String, Type> added = new HashMap<>();
        for (Document d : documents) {
            for (var e : d.metadata().entrySet()) {
                Type t = typeOf(e.getValue(), d.id(), e.getKey());
                if (t == null || !io.stagegate.Filter.FIELD.matcher(e.getKey()).matches()) {
                    continue;
                }
                Type known = types.getOrDefault(e.getKey(), added.get(e.getKey()));
                if (known == null) {
                    added.put(e.getKey(), t);
                } else if (known != t && !(known == Type.DOUBLE && t == Type.LONG)) {
                    throw StagegateException.invalid("metadata field '" + e.getKey() + "' of document '" + d.id()
                            + "' is " + t.wire() + ", but the index holds it as " + known.wire()
                            + " (a field's type is the type of its first value); nothing was written");
                }
            }
        }
        return added;
    }

    public synchronized void commit(Map<String, Type> added) {
        added.forEach(types::putIfAbsent);
    }

    /** The type of a metadata value; null for one that is not filterable (object, null, empty or mixed array). */
    static Type typeOf(Object v, String id, String field) {
        if (v instanceof List<?> list) {
            Type t = null;
            for (Object x : list) {
                Type one = typeOf(x, id, field);
                if (one == null || list.get(0) instanceof List<?>) {
                    return null;
                }
                if (t != null && t != one && !(isNumber(t) && isNumber(one))) {
                    throw StagegateException.invalid("metadata field '" + field + "' of document '" + id
                            + "' mixes " + t.wire() + " and " + one.wire() + " values in one array");
                }
                t = t == null || one == Type.DOUBLE ? one : t;
            }
            return t;
        }
        return switch (v) {
            case String s -> Type.KEYWORD;
            case Boolean b -> Type.BOOLEAN;
            case Integer i -> Type.LONG;
            case Long l -> Type.LONG;
            case java.math.BigInteger big when big.bitLength() < 64 -> Type.LONG;
            case Number n -> Type.DOUBLE;
            case null, default -> null;
        };
    }

    private static boolean isNumber(Type t) {
        return t == Type.LONG || t == Type.DOUBLE;
    }

    /** Each filterable metadata value of a document with its field's type, for a backend to index. */
    public void forEachValue(Document d, java.util.function.BiConsumer<String, Object> field) {
        for (var e : d.metadata().entrySet()) {
            Type t = type(e.getKey());
            if (t == null || !io.stagegate.Filter.FIELD.matcher(e.getKey()).matches()) {
                continue;
            }
            for (Object v : e.getValue() instanceof List<?> l ? l : List.of(e.getValue())) {
                field.accept(e.getKey(), t == Type.BOOLEAN ? v.toString() : t == Type.DOUBLE ? ((Number) v).doubleValue()
                        : t == Type.LONG ? ((Number) v).longValue() : v);
            }
        }
    }

    /** Adds the filterable fields of a document's metadata, as the (already checked) types say. */
    void index(Document d, org.apache.lucene.document.Document doc) {
        java.util.Set<String> has = new java.util.HashSet<>();
        forEachValue(d, (field, v) -> {
            Type t = type(field);
            String name = t.prefix + field;
            switch (t) {
                case KEYWORD, BOOLEAN -> doc.add(new StringField(name, (String) v, Field.Store.NO));
                case LONG -> doc.add(new LongPoint(name, (Long) v));
                case DOUBLE -> doc.add(new DoublePoint(name, (Double) v));
            }
            if (has.add(field)) {
                doc.add(new StringField(HAS, field, Field.Store.NO));
            }
        });
    }
}
