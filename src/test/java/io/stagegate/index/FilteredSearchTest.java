package io.stagegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagegate.Candidate;
import io.stagegate.Document;
import io.stagegate.Filter;
import io.stagegate.StagegateException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters on the embedded index against a brute-force evaluation of the same filter over the same documents. */
public class FilteredSearchTest {
    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella", "hooli");

    public static float[] vector(SplittableRandom r, int dim) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    public static Map<String, Object> metadata(SplittableRandom r) {
        Map<String, Object> m = new HashMap<>();
        m.put("tenant", TENANTS.get(r.nextInt(TENANTS.size())));
        m.put("year", 1990L + r.nextInt(36));
        m.put("score", Math.round(r.nextDouble() * 1000) / 100.0);
        m.put("active", r.nextBoolean());
        m.put("tags", List.of(TENANTS.get(r.nextInt(5)), TENANTS.get(r.nextInt(5))));
        if (r.nextInt(10) < 3) {
            m.put("expires", "2026-" + String.format("%02d", 1 + r.nextInt(12)) + "-01");
        }
        return m;
    }

    /** The reference semantics, written from the language's definition, independent of the Lucene translation. */
    public static boolean matches(Filter f, Map<String, Object> m) {
        return switch (f) {
            case Filter.Term t -> values(m, t.field()).stream().anyMatch(v -> same(v, t.value()));
            case Filter.Terms t -> values(m, t.field()).stream().anyMatch(v -> t.values().stream().anyMatch(x -> same(v, x)));
            case Filter.Range r -> values(m, r.field()).stream().anyMatch(v -> inRange(v, r));
            case Filter.Exists e -> !values(m, e.field()).isEmpty();
            case Filter.And a -> a.all().stream().allMatch(x -> matches(x, m));
            case Filter.Or o -> o.any().stream().anyMatch(x -> matches(x, m));
            case Filter.Not n -> !matches(n.negated(), m);
        };
    }

    private static List<Object> values(Map<String, Object> m, String field) {
        Object v = m.get(field);
        return v == null ? List.of() : v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
    }

    private static boolean same(Object stored, Object wanted) {
        if (stored instanceof Number a && wanted instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return stored.equals(wanted);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean inRange(Object v, Filter.Range r) {
        Object[] bounds = {r.gte(), r.gt(), r.lte(), r.lt()};
        for (int i = 0; i < 4; i++) {
            if (bounds[i] == null) {
                continue;
            }
            int c = v instanceof Number a ? Double.compare(a.doubleValue(), ((Number) bounds[i]).doubleValue())
                    : ((Comparable) v).compareTo(bounds[i]);
            boolean ok = switch (i) {
                case 0 -> c >= 0;
                case 1 -> c > 0;
                case 2 -> c <= 0;
                default -> c < 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static Filter randomFilter(SplittableRandom r, int depth) {
        int kind = depth >= 3 ? r.nextInt(5) : r.nextInt(8);
        return switch (kind) {
            case 0 -> new Filter.Term("tenant", TENANTS.get(r.nextInt(5)));
            case 1 -> new Filter.Terms("tags", List.of(TENANTS.get(r.nextInt(5)), TENANTS.get(r.nextInt(5))));
            case 2 -> r.nextBoolean() ? new Filter.Range("year", 1990L + r.nextInt(36), null, null, 1995L + r.nextInt(36))
                    : new Filter.Range("score", null, r.nextDouble() * 10, r.nextDouble() * 10, null);
            case 3 -> r.nextBoolean() ? new Filter.Exists("expires")
                    : new Filter.Range("expires", null, "2026-03-01", "2026-09-01", null);
            case 4 -> r.nextBoolean() ? new Filter.Term("active", r.nextBoolean()) : new Filter.Term("year", 2001L);
            case 5 -> new Filter.And(List.of(randomFilter(r, depth + 1), randomFilter(r, depth + 1)));
            case 6 -> new Filter.Or(List.of(randomFilter(r, depth + 1), randomFilter(r, depth + 1)));
            default -> new Filter.Not(randomFilter(r, depth + 1));
        };
    }

    @Test
    void everyOperatorAndCombinationSelectsExactlyTheDocumentsABruteForceEvaluationSelects(@TempDir Path dir) {
        SplittableRandom r = new SplittableRandom(7);
        Map<String, Map<String, Object>> meta = new HashMap<>();
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Map<String, Object> m = metadata(r);
            meta.put("d" + i, m);
            docs.add(new StoredDocument(new Document("d" + i, "", "common words of document " + i, m),
                    Map.of("e", vector(r, 8))));
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.of("en"))) {
            store.upsert(docs);
            int checked = 0;
            for (int q = 0; q < 300; q++) {
                Filter f = randomFilter(r, 0);
                Set<String> expected = meta.entrySet().stream().filter(e -> matches(f, e.getValue()))
                        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
                Set<String> dense = ids(store.vectorIndex("e").searchHits(vector(r, 8), 1000, f).candidates());
                Set<String> bm25 = ids(store.lexicalIndex("en").searchHits("common words", 1000, f).candidates());
                assertEquals(expected, dense, "dense " + f.toJson());
                assertEquals(expected, bm25, "bm25 " + f.toJson());
                checked += expected.isEmpty() || expected.size() == docs.size() ? 0 : 1;
            }
            assertTrue(checked > 200, "most filters select a proper subset: " + checked);
        }
    }

    @Test
    void filteredHnswKeepsItsRecallAndReturnsKWheneverKMatchAtEverySelectivity(@TempDir Path dir) {
        SplittableRandom r = new SplittableRandom(11);
        int n = 10_000;
        List<StoredDocument> docs = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, Long> bucket = new HashMap<>();
        for (int i = 0; i < n; i++) {
            float[] v = vector(r, 32);
            long b = r.nextInt(1000);
            vectors.put("d" + i, v);
            bucket.put("d" + i, b);
            docs.add(new StoredDocument(new Document("d" + i, "", "text " + i, Map.of("bucket", b)), Map.of("e", v)));
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            for (int i = 0; i < n; i += 2000) {
                store.upsert(docs.subList(i, i + 2000));
            }
            for (double selectivity : new double[] {0.5, 0.1, 0.01, 0.001}) {
                Filter f = new Filter.Range("bucket", null, null, null, Math.round(selectivity * 1000));
                double recall = 0;
                int queries = 50;
                for (int q = 0; q < queries; q++) {
                    float[] query = vector(r, 32);
                    List<String> exact = bucket.entrySet().stream().filter(e -> e.getValue() < selectivity * 1000)
                            .map(Map.Entry::getKey)
                            .sorted(Comparator.comparingDouble((String id) -> -dot(query, vectors.get(id))))
                            .limit(10).toList();
                    List<Candidate> got = store.vectorIndex("e").searchHits(query, 10, f).candidates();
                    assertEquals(Math.min(10, exact.size()), got.size(), "k results whenever k match");
                    Set<String> g = ids(got);
                    recall += exact.stream().filter(g::contains).count() / (double) exact.size();
                }
                recall /= queries;
                assertTrue(recall >= 0.95, "recall@10 at selectivity " + selectivity + ": " + recall);
            }
        }
    }

    @Test
    void aTypoOrAWrongTypeIsA400AndATypeConflictOnIngestWritesNothing(@TempDir Path dir) {
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            store.upsert(List.of(new StoredDocument(new Document("a", "", "x", Map.of("year", 2020, "tenant", "acme")),
                    Map.of("e", LuceneStoreTest.unit(1, 0)))));
            VectorIndex index = store.vectorIndex("e");
            float[] q = LuceneStoreTest.unit(1, 0);
            var unknown = assertThrows(StagegateException.class,
                    () -> index.searchHits(q, 5, new Filter.Term("tennant", "acme")));
            assertTrue(unknown.getMessage().contains("'tennant', which no document has; filterable fields: "
                    + "{tenant=keyword, year=long}"), unknown.getMessage());
            var wrong = assertThrows(StagegateException.class, () -> index.searchHits(q, 5, new Filter.Term("year", "2020")));
            assertTrue(wrong.getMessage().contains("'year' (long) with '2020', a string"), wrong.getMessage());
            var conflict = assertThrows(StagegateException.class, () -> store.upsert(List.of(
                    new StoredDocument(new Document("b", "", "y", Map.of()), Map.of("e", LuceneStoreTest.unit(0, 1))),
                    new StoredDocument(new Document("c", "", "z", Map.of("year", "MMXX")), Map.of("e", LuceneStoreTest.unit(1, 1))))));
            assertTrue(conflict.getMessage().contains("metadata field 'year' of document 'c' is keyword, but the index "
                    + "holds it as long"), conflict.getMessage());
            assertTrue(store.get("b").isEmpty(), "nothing of the batch was written");
            assertEquals(List.of("a"), index.searchHits(q, 5, new Filter.Range("year", 2000L, null, 2020.5, null))
                    .candidates().stream().map(c -> c.document().id()).toList());
        }
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            assertEquals(Map.of("tenant", "keyword", "year", "long"), store.metadataFields(), "types are read back at open");
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static Set<String> ids(List<Candidate> hits) {
        return hits.stream().map(c -> c.document().id()).collect(Collectors.toCollection(TreeSet::new));
    }
}
