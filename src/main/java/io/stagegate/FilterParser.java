package io.stagegate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads {@link Filter}'s JSON shape, with its limits; every refusal names the path of the bad node. */
final class FilterParser {
    private FilterParser() {
    }

    static Filter node(Object json, String path, int depth, int[] nodes) {
        if (depth > Filter.MAX_DEPTH) {
            throw bad(path, "nests deeper than " + Filter.MAX_DEPTH + " levels");
        }
        if (++nodes[0] > Filter.MAX_NODES) {
            throw bad(path, "is past the limit of " + Filter.MAX_NODES + " filter nodes");
        }
        if (!(json instanceof Map<?, ?> m) || m.size() != 1) {
            throw bad(path, "must be an object with exactly one operator of " + Filter.OPERATORS + ", was "
                    + describe(json));
        }
        var e = m.entrySet().iterator().next();
        String op = String.valueOf(e.getKey());
        Object arg = e.getValue();
        String at = path + "." + op;
        return switch (op) {
            case "term" -> {
                var f = single(arg, at);
                yield new Filter.Term(f.getKey(), scalar(f.getValue(), at + "." + f.getKey()));
            }
            case "terms" -> {
                var f = single(arg, at);
                if (!(f.getValue() instanceof List<?> values) || values.isEmpty()) {
                    throw bad(at + "." + f.getKey(), "must be a non-empty array of values, was " + describe(f.getValue()));
                }
                if (values.size() > Filter.MAX_TERMS) {
                    throw bad(at + "." + f.getKey(), "has " + values.size() + " values; at most " + Filter.MAX_TERMS);
                }
                List<Object> out = new ArrayList<>(values.size());
                for (int i = 0; i < values.size(); i++) {
                    out.add(scalar(values.get(i), at + "." + f.getKey() + "[" + i + "]"));
                }
                yield new Filter.Terms(f.getKey(), out);
            }
            case "range" -> range(arg, at);
            case "exists" -> {
                if (!(arg instanceof String field)) {
                    throw bad(at, "must be a field name, was " + describe(arg));
                }
                yield new Filter.Exists(field(field, at));
            }
            case "and", "or" -> {
                if (!(arg instanceof List<?> list) || list.isEmpty()) {
                    throw bad(at, "must be a non-empty array of filters, was " + describe(arg));
                }
                List<Filter> children = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    children.add(node(list.get(i), at + "[" + i + "]", depth + 1, nodes));
                }
                yield op.equals("and") ? new Filter.And(children) : new Filter.Or(children);
            }
            case "not" -> new Filter.Not(node(arg, at, depth + 1, nodes));
            default -> throw bad(path, "has unknown operator '" + op + "'; known: " + Filter.OPERATORS);
        };
    }

    private static Filter range(Object arg, String at) {
        var f = single(arg, at);
        String where = at + "." + f.getKey();
        if (!(f.getValue() instanceof Map<?, ?> bounds) || bounds.isEmpty()) {
            throw bad(where, "must be an object of gte, gt, lte, lt, was " + describe(f.getValue()));
        }
        Object[] b = new Object[4];
        List<String> names = List.of("gte", "gt", "lte", "lt");
        for (var e : bounds.entrySet()) {
            int i = names.indexOf(String.valueOf(e.getKey()));
            if (i < 0) {
                throw bad(where, "has unknown bound '" + e.getKey() + "'; known: " + names);
            }
            Object v = scalar(e.getValue(), where + "." + e.getKey());
            if (v instanceof Boolean) {
                throw bad(where + "." + e.getKey(), "a range bound must be a number or a string, was a boolean");
            }
            b[i] = v;
        }
        if (b[0] != null && b[1] != null || b[2] != null && b[3] != null) {
            throw bad(where, "gives both gte and gt, or both lte and lt");
        }
        return new Filter.Range(f.getKey(), b[0], b[1], b[2], b[3]);
    }

    private static Map.Entry<String, Object> single(Object arg, String at) {
        if (!(arg instanceof Map<?, ?> m) || m.size() != 1) {
            throw bad(at, "must be an object with exactly one field, was " + describe(arg));
        }
        var e = m.entrySet().iterator().next();
        return new java.util.AbstractMap.SimpleEntry<>(field(String.valueOf(e.getKey()), at), e.getValue());
    }

    private static String field(String name, String at) {
        if (!Filter.FIELD.matcher(name).matches()) {
            throw bad(at, "field '" + name + "' must be 1-128 characters of [A-Za-z0-9_.-], not starting with . or -");
        }
        return name;
    }

    /** Strings and booleans as given; integral numbers as Long (a protobuf Struct sends 2020 as 2020.0), others Double. */
    static Object scalar(Object v, String at) {
        return switch (v) {
            case null -> throw bad(at, "must be a string, number or boolean, was null");
            case String s -> s;
            case Boolean b -> b;
            case Integer i -> (long) i;
            case Long l -> l;
            case Short s -> (long) s;
            case java.math.BigInteger big when big.bitLength() < 64 -> big.longValue();
            case Number n when Double.isFinite(n.doubleValue()) -> {
                double d = n.doubleValue();
                yield d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 ? (Object) (long) d : (Object) d;
            }
            default -> throw bad(at, "must be a string, number or boolean, was " + describe(v));
        };
    }

    private static String describe(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m) {
            return "an object with " + m.size() + " fields " + m.keySet();
        }
        if (v instanceof List<?> l) {
            return "an array of " + l.size();
        }
        return v instanceof String s ? "'" + s + "'" : v.toString();
    }

    private static StagegateException bad(String path, String what) {
        return StagegateException.invalid(path + " " + what);
    }
}
