package io.stagegate.index;

import io.stagegate.Candidate;
import io.stagegate.Document;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** HNSW at default settings against exact search on vectors whose true neighbours we compute ourselves. */
class HnswRecallTest {
    static final int DOCS = 5000;
    static final int DIM = 64;
    static final int QUERIES = 100;
    static final int K = 10;

    @Test
    void recallAt10VersusExactSearchIsAtLeast95Percent(@TempDir Path dir) {
        SplittableRandom random = new SplittableRandom(42);
        // Clustered data is harder for graph search than uniform noise and closer to real embeddings.
        float[][] centres = new float[50][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = gaussian(random, 1.0);
        }
        float[][] vectors = new float[DOCS][];
        List<StoredDocument> docs = new ArrayList<>();
        for (int i = 0; i < DOCS; i++) {
            float[] v = add(centres[random.nextInt(centres.length)], gaussian(random, 0.35));
            vectors[i] = LuceneStoreTest.unit(v);
            docs.add(new StoredDocument(new Document("d" + i, "", "doc " + i, Map.of()), Map.of("e", vectors[i])));
        }
        double recall;
        try (LuceneStore store = new LuceneStore(dir, HnswSettings.defaults())) {
            for (int from = 0; from < DOCS; from += 1000) {
                store.upsert(docs.subList(from, from + 1000));
            }
            VectorIndex index = store.vectorIndex("e");
            double found = 0;
            for (int q = 0; q < QUERIES; q++) {
                float[] query = LuceneStoreTest.unit(add(centres[random.nextInt(centres.length)], gaussian(random, 0.35)));
                Set<String> exact = exactTopK(vectors, query);
                for (Candidate c : index.search(query, K)) {
                    if (exact.contains(c.document().id())) {
                        found++;
                    }
                }
            }
            recall = found / (QUERIES * K);
        }
        assertTrue(recall >= 0.95, "HNSW recall@10 vs exact was " + recall);
    }

    private static Set<String> exactTopK(float[][] vectors, float[] query) {
        Set<String> top = new HashSet<>();
        IntStream.range(0, vectors.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> dot(vectors[i], query)).reversed())
                .limit(K)
                .forEach(i -> top.add("d" + i));
        return top;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static float[] gaussian(SplittableRandom random, double scale) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (random.nextGaussian() * scale);
        }
        return v;
    }

    private static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
