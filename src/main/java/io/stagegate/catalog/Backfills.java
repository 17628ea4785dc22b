package io.stagegate.catalog;

import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.Ingestor;

/** Embeds what part of the corpus an embedder does not cover yet; blocking (run it off the event loop). */
public final class Backfills {
    private static final int CHUNK = 512;

    private final DocumentStore store;
    private final Ingestor ingestor;
    private final PairRegistry pairs;
    private final Batchers batchers;
    private final CheckpointVersions versions;

    Backfills(DocumentStore store, Ingestor ingestor, PairRegistry pairs, Batchers batchers, CheckpointVersions versions) {
        this.store = store;
        this.ingestor = ingestor;
        this.pairs = pairs;
        this.batchers = batchers;
        this.versions = versions;
    }

    /**
     * Every embedder ingest uses (new pair, interrupted ingest), then the BM25 fields of documents stored before a
     * lexical analyzer was configured. Returns the documents embedded.
     */
    public int all(Ingestor.Progress progress) {
        int total = 0;
        for (BatchedEmbedder e : ingestor.embedders()) {
            total += ingestor.backfill(e, CHUNK, progress);
        }
        Ingestor.backfillLexical(store, CHUNK);
        return total;
    }

    /** Every embedder one pair reads. */
    public int pair(String pairId, Ingestor.Progress progress) {
        int total = 0;
        for (String e : pairs.pair(pairId).embedders()) {
            total += ingestor.backfill(batchers.embedder(versions.resolve(e)), CHUNK, progress);
        }
        return total;
    }

    /** One checkpoint version (a replacement being prepared). */
    public int checkpoint(String version, Ingestor.Progress progress) {
        return ingestor.backfill(batchers.embedder(version), CHUNK, progress);
    }
}
