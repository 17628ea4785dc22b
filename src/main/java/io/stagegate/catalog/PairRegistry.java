package io.stagegate.catalog;

import io.stagegate.CheckpointPair;
import io.stagegate.StagegateException;
import io.stagegate.index.Ingestor;
import io.stagegate.pipeline.SearchPipeline;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pairs this gateway serves, each as its assembled pipeline, and which one is the default. Pairs can be added and
 * removed while serving; lookups are lock-free, changes are serialised.
 */
public final class PairRegistry {
    private final PipelineAssembler assembler;
    private final Batchers batchers;
    private final CheckpointVersions versions;
    private final Ingestor ingestor;
    private final Map<String, SearchPipeline> pipelines = new ConcurrentHashMap<>();
    private volatile String defaultPair;

    PairRegistry(PipelineAssembler assembler, Batchers batchers, CheckpointVersions versions, Ingestor ingestor,
                 Map<String, SearchPipeline> initial, String defaultPair) {
        if (!initial.containsKey(defaultPair)) {
            throw new IllegalArgumentException("default pair '" + defaultPair + "' is not among " + initial.keySet());
        }
        this.assembler = assembler;
        this.batchers = batchers;
        this.versions = versions;
        this.ingestor = ingestor;
        this.pipelines.putAll(initial);
        this.defaultPair = defaultPair;
    }

    public SearchPipeline pipeline(String pairId) {
        SearchPipeline p = pipelines.get(pairId);
        if (p == null) {
            throw StagegateException.notFound("unknown pair '" + pairId + "'; pairs: " + new TreeSet<>(pipelines.keySet()));
        }
        return p;
    }

    public CheckpointPair pair(String pairId) {
        return pipeline(pairId).pair();
    }

    public boolean contains(String pairId) {
        return pipelines.containsKey(pairId);
    }

    /** Every pair, by id, in id order. */
    public Map<String, CheckpointPair> pairs() {
        Map<String, CheckpointPair> out = new TreeMap<>();
        pipelines.forEach((id, p) -> out.put(id, p.pair()));
        return out;
    }

    public String defaultPair() {
        return defaultPair;
    }

    /** Makes another (existing) pair the default. */
    public void promote(String pairId) {
        pipeline(pairId);
        defaultPair = pairId;
    }

    /**
     * Serves a new pair (its checkpoints load now, so a broken one fails here). Every later ingest embeds with its
     * embedders; documents already stored get their vectors from {@link Backfills#pair}.
     */
    public synchronized void add(CheckpointPair pair) {
        if (pipelines.containsKey(pair.id())) {
            throw StagegateException.conflict("pair '" + pair.id() + "' exists");
        }
        assembler.check(pair);
        SearchPipeline pipeline = assembler.assemble(pair);
        pair.embedders().forEach(e -> ingestor.addEmbedder(batchers.embedder(versions.resolve(e))));
        pipelines.put(pair.id(), pipeline);
    }

    /** Stops serving a pair (its checkpoints stay loaded: another pair may share them). */
    public synchronized void remove(String pairId) {
        pipeline(pairId);
        if (pairId.equals(defaultPair)) {
            throw StagegateException.conflict("pair '" + pairId + "' is the default pair; promote another pair first");
        }
        pipelines.remove(pairId);
    }

    /** Re-assembles every pair that reads the checkpoint id (each pair swaps in one step). */
    synchronized void reassembleReading(String checkpointId) {
        for (SearchPipeline p : List.copyOf(pipelines.values())) {
            CheckpointPair pair = p.pair();
            if (pair.embedders().contains(checkpointId) || pair.reranker().filter(checkpointId::equals).isPresent()) {
                pipelines.put(pair.id(), assembler.assemble(pair));
            }
        }
    }

    /** Whether some pair reads this checkpoint version now. */
    boolean usesVersion(String version) {
        return pipelines.values().stream().map(SearchPipeline::pair).anyMatch(pair ->
                pair.embedders().stream().map(versions::resolve).anyMatch(version::equals)
                        || pair.reranker().map(versions::resolve).filter(version::equals).isPresent());
    }
}
