package io.stagegate.catalog;

import io.stagegate.StagegateException;
import io.stagegate.index.Ingestor;
import io.stagegate.model.ModelCatalog;

/**
 * Moves a checkpoint id from one version to the next while serving: {@link #track} (ingest embeds with the new
 * version too, before its backfill starts), {@link #swap} (every pair reading the id re-assembled on the new version,
 * whose vectors must already cover the corpus) and {@link #retire} (the old version closed once nothing uses it).
 */
public final class CheckpointRollout {
    private final ModelCatalog models;
    private final Batchers batchers;
    private final CheckpointVersions versions;
    private final PairRegistry pairs;
    private final Ingestor ingestor;

    CheckpointRollout(ModelCatalog models, Batchers batchers, CheckpointVersions versions, PairRegistry pairs,
                      Ingestor ingestor) {
        this.models = models;
        this.batchers = batchers;
        this.versions = versions;
        this.pairs = pairs;
        this.ingestor = ingestor;
    }

    public void track(String version) {
        ingestor.addEmbedder(batchers.embedder(version));
    }

    public synchronized void swap(String checkpointId, String version) {
        String old = versions.point(checkpointId, version);
        pairs.reassembleReading(checkpointId);
        if (!old.equals(version)) {
            ingestor.removeEmbedder(old);
        }
    }

    /** Closes a version nothing resolves to any more (a replaced one, once requests on it have had their time). */
    public synchronized void retire(String version) {
        if (versions.named(version) || pairs.usesVersion(version)) {
            throw StagegateException.conflict("checkpoint version '" + version + "' is still in use");
        }
        ingestor.removeEmbedder(version);
        batchers.close(version);
        models.remove(version);
    }
}
