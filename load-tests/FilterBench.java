import io.stagegate.Document;
import io.stagegate.Filter;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a metadata filter costs a first-stage search on the embedded index, and how fast deletes are. One index of
 * N documents (384-dimensional unit vectors, as bge-small's, and a short text for BM25), each with a {@code bucket}
 * 0..999 so a {@code range} filter selects 50%, 10%, 1% or 0.1% of the corpus. Per setting, one thread runs the same
 * query vectors (dense k = 100, as a pair's candidate budget) and BM25 queries, rounds rotated so drift hits all alike;
 * reports queries/s and p50/p95 and the ratio against unfiltered from this one run. Then deletes: one id per call
 * (each its own durable commit) and 1,000 ids in one call.
 *
 * <pre>
 * ./mvnw -q -B package -DskipTests
 * java --add-modules jdk.incubator.vector -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" \
 *     load-tests/FilterBench.java [documents, default 20000] [seconds per setting and round, default 3]
 * java ... load-tests/FilterBench.java --recall DATA_DIR [embedder]   # recall on a real corpus's vectors
 * </pre>
 */
public final class FilterBench {
    static final int DIM = 384;
    static final String[] WORDS = "ship ocean storm harbour sail anchor wave tide coast island river bridge mountain valley"
            .split(" ");

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("--recall")) {
            recall(Path.of(args[1]), args.length > 2 ? args[2] : "bge-small-en-v1.5");
            return;
        }
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        Path dir = Files.createTempDirectory("filter-bench");
        SplittableRandom r = new SplittableRandom(1);
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults(), LexicalSettings.of("en"))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += 1000) {
                List<StoredDocument> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + 1000); j++) {
                    StringBuilder text = new StringBuilder();
                    for (int w = 0; w < 12; w++) {
                        text.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
                    }
                    batch.add(new StoredDocument(new Document("d" + j, "", text.toString(),
                            Map.of("bucket", (long) r.nextInt(1000))), Map.of("e", vector(r))));
                }
                store.upsert(batch);
            }
            System.out.printf(Locale.ROOT, "indexed %d documents in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            double[] selectivity = {1, 0.5, 0.1, 0.01, 0.001};
            List<float[]> queries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                queries.add(vector(r));
            }
            double[][] denseQps = new double[selectivity.length][3];
            double[][] bm25Qps = new double[selectivity.length][3];
            double[][] p50 = new double[selectivity.length][3];
            double[][] p95 = new double[selectivity.length][3];
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < selectivity.length; k++) {
                    int s = (k + round) % selectivity.length;
                    Filter f = selectivity[s] == 1 ? null
                            : new Filter.Range("bucket", null, null, null, Math.round(selectivity[s] * 1000));
                    double[] lat = run(seconds, i -> store.vectorIndex("e").searchHits(queries.get(i % queries.size()), 100, f));
                    denseQps[s][round] = lat.length / seconds;
                    p50[s][round] = percentile(lat, 0.5);
                    p95[s][round] = percentile(lat, 0.95);
                    double[] lex = run(seconds, i -> store.lexicalIndex("en").searchHits(
                            WORDS[i % WORDS.length] + " " + WORDS[(i * 7) % WORDS.length], 100, f));
                    bm25Qps[s][round] = lex.length / seconds;
                }
            }
            System.out.println();
            System.out.println("| filter selects | dense q/s (k=100) | vs unfiltered | dense p50 ms | dense p95 ms | BM25 q/s | vs unfiltered |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (int s = 0; s < selectivity.length; s++) {
                System.out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.2f | %.0f | %.2f |%n",
                        selectivity[s] == 1 ? "all (no filter)" : (selectivity[s] * 100) + "%", median(denseQps[s]),
                        median(denseQps[s]) / median(denseQps[0]), median(p50[s]), median(p95[s]), median(bm25Qps[s]),
                        median(bm25Qps[s]) / median(bm25Qps[0]));
            }
            long d0 = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                store.delete("d" + i);
            }
            double single = 200 / ((System.nanoTime() - d0) / 1e9);
            List<String> batch = new ArrayList<>();
            for (int i = 1000; i < 2000; i++) {
                batch.add("d" + i);
            }
            long b0 = System.nanoTime();
            store.delete(batch);
            double batched = 1000 / ((System.nanoTime() - b0) / 1e9);
            System.out.printf(Locale.ROOT, "%ndeletes: %.0f/s one id per call (a durable commit each), %.0f/s as 1,000 ids "
                    + "in one call%n", single, batched);
        }
    }

    /**
     * Filtered HNSW recall@10 against exact filtered search on real embeddings: the vectors of a gateway's data
     * directory (e.g. SciFact ingested with bge-small-en-v1.5), copied into a fresh index with a synthetic
     * {@code bucket} 0..999 per document; 200 documents' own vectors are the queries (a query document that passes the
     * filter finds itself, as it would in exact search too).
     */
    static void recall(Path dataDir, String embedder) throws Exception {
        List<String> ids = new ArrayList<>();
        List<float[]> vecs = new ArrayList<>();
        try (LuceneStore source = new LuceneStore(dataDir.resolve("corpus"), HnswSettings.defaults())) {
            source.export(500, batch -> batch.forEach(d -> {
                float[] v = d.vectors().get(embedder);
                if (v != null) {
                    ids.add(d.document().id());
                    vecs.add(v);
                }
            }));
        }
        SplittableRandom r = new SplittableRandom(3);
        long[] bucket = new long[ids.size()];
        Path dir = Files.createTempDirectory("filter-recall");
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            List<StoredDocument> docs = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                bucket[i] = r.nextInt(1000);
                docs.add(new StoredDocument(new Document(ids.get(i), "", "x", Map.of("bucket", bucket[i])),
                        Map.of("e", vecs.get(i))));
            }
            store.upsert(docs);
            System.out.printf(Locale.ROOT, "%d documents with %s vectors from %s%n%n", ids.size(), embedder, dataDir);
            System.out.println("| filter selects | matching documents | recall@10 vs exact filtered search | queries with 10 results |");
            System.out.println("|---|---|---|---|");
            for (double sel : new double[] {0.5, 0.1, 0.01, 0.001}) {
                long cut = Math.round(sel * 1000);
                Filter f = new Filter.Range("bucket", null, null, null, cut);
                long matching = java.util.Arrays.stream(bucket).filter(b -> b < cut).count();
                double recall = 0;
                int full = 0;
                int queries = 200;
                for (int q = 0; q < queries; q++) {
                    int self = r.nextInt(ids.size());
                    float[] query = vecs.get(self);
                    List<Integer> exact = new ArrayList<>();
                    for (int i = 0; i < ids.size(); i++) {
                        if (bucket[i] < cut) {
                            exact.add(i);
                        }
                    }
                    exact.sort((a, b) -> Double.compare(dot(query, vecs.get(b)), dot(query, vecs.get(a))));
                    List<String> want = exact.stream().limit(10).map(ids::get).toList();
                    List<String> got = store.vectorIndex("e").searchHits(query, 10, f).candidates().stream()
                            .map(c -> c.document().id()).toList();
                    full += got.size() == Math.min(10, want.size()) ? 1 : 0;
                    recall += want.isEmpty() ? 1 : want.stream().filter(got::contains).count() / (double) want.size();
                }
                System.out.printf(Locale.ROOT, "| %.1f%% | %d | %.4f | %d of %d |%n", sel * 100, matching,
                        recall / queries, full, queries);
            }
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    interface Search {
        Object run(int i) throws Exception;
    }

    /** Latencies (ms) of back-to-back searches for {@code seconds}. */
    static double[] run(double seconds, Search s) throws Exception {
        for (int i = 0; i < 50; i++) {
            s.run(i);
        }
        List<Double> lat = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int i = 0;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            s.run(i++);
            lat.add((System.nanoTime() - t) / 1e6);
        }
        return lat.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static float[] vector(SplittableRandom r) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    static double percentile(double[] x, double q) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s[Math.min(s.length - 1, (int) Math.floor(q * s.length))];
    }

    static double median(double[] x) {
        return percentile(x, 0.5);
    }
}
