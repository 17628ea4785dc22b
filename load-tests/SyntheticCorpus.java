import io.stagegate.Document;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.StoredDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic corpus for index benchmarks at sizes no CPU here embeds in reasonable time: N documents with short
 * generated text and random unit vectors (clustered around 200 centres, 384 dimensions) stored as an embedder's
 * vectors, written as a gateway data directory (DIR/corpus). Search quality on it means nothing; latency and
 * throughput of the index do. Copy it into SolrCloud with stagegate copy-index --from DIR.
 *
 * <pre>
 * java -cp "target/quarkus-app/lib/main/*:target/quarkus-app/app/*" load-tests/SyntheticCorpus.java DIR 100000 [EMBEDDER]
 * </pre>
 */
public final class SyntheticCorpus {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        String embedder = args.length > 2 ? args[2] : "bge-small-en-v1.5";
        int dims = 384;
        Files.createDirectories(dir);
        Random random = new Random(42);
        float[][] centres = new float[200][];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = unit(new float[dims], random, 1f);
        }
        String[] words = ("cell protein gene expression cancer immune response bacteria virus drug therapy brain "
                + "heart blood risk patients mice receptor pathway mutation dna repair growth factor insulin").split(" ");
        long start = System.nanoTime();
        try (LuceneStore store = new LuceneStore(dir.resolve("corpus"), HnswSettings.defaults(),
                LexicalSettings.none())) {
            List<StoredDocument> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < 30 + random.nextInt(60); w++) {
                    text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
                }
                float[] v = unit(centres[random.nextInt(centres.length)], random, 1.2f);
                batch.add(new StoredDocument(new Document("s" + i, "synthetic " + i, text.toString(), Map.of()),
                        Map.of(embedder, v)));
                if (batch.size() == 5000 || i == n - 1) {
                    store.upsert(batch);
                    batch.clear();
                    System.err.printf("%d/%d%n", i + 1, n);
                }
            }
            System.out.printf("wrote %d synthetic documents (%s, %d-d) to %s in %.1f s%n", store.size(), embedder, dims,
                    dir, (System.nanoTime() - start) / 1e9);
        }
    }

    private static float[] unit(float[] base, Random random, float noise) {
        float[] v = new float[base.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = base[i] + (float) (random.nextGaussian() * noise / Math.sqrt(v.length));
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
