package io.stagegate.eval;

import io.stagegate.Document;
import io.stagegate.index.Ingestor;
import io.stagegate.catalog.Gateway;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The evaluation store of a dataset: {@code <data-dir>/eval/<name>-<hash of the dataset path>}, filled once and reused
 * by later runs, which embed only what a new embedder lacks and add only missing BM25 fields.
 */
public final class EvalStore {
    private EvalStore() {
    }

    public static Path dir(Path dataDir, Path dataset, String name) {
        return dataDir.resolve("eval").resolve(name + "-"
                + Integer.toHexString(dataset.toAbsolutePath().normalize().toString().hashCode()));
    }

    /**
     * Ingests the documents the store lacks, then backfills vectors and BM25 fields.
     *
     * @param progress makes a progress listener for a phase name and a total
     */
    public static Map<String, Object> fill(Gateway gateway, List<Document> corpus,
                                           BiFunction<String, Integer, Ingestor.Progress> progress) {
        List<Document> missing = corpus.stream().filter(d -> gateway.store().get(d.id()).isEmpty()).toList();
        long start = System.nanoTime();
        int embedded = 0;
        if (!missing.isEmpty()) {
            Ingestor.Progress bar = progress.apply("ingest", missing.size());
            for (int from = 0; from < missing.size(); from += 512) {
                gateway.ingestor().ingest(missing.subList(from, Math.min(missing.size(), from + 512)), bar);
            }
            embedded += missing.size();
        }
        embedded += gateway.backfills().all(progress.apply("backfill", corpus.size()));
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("documentsEmbedded", embedded);
        ingest.put("seconds", seconds);
        ingest.put("docsPerSecond", embedded == 0 ? null : embedded / seconds);
        ingest.put("corpusSize", gateway.store().size());
        return ingest;
    }
}
