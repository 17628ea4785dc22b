package io.stagegate.app;

import io.stagegate.config.IndexBackend;
import io.stagegate.config.PairFactory;
import io.stagegate.config.Replication;
import io.stagegate.catalog.ReplicaBackfill;
import io.stagegate.config.ConfigChecks;
import io.stagegate.config.KafkaProducers;
import io.stagegate.config.StagegateConfig;
import io.stagegate.observe.IndexMetrics;
import io.stagegate.observe.MicrometerBatchListener;

import io.micrometer.core.instrument.MeterRegistry;
import io.stagegate.CheckpointPair;
import io.stagegate.observe.MetricNames;
import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.batch.DeviceGate;
import io.stagegate.index.DocumentCache;
import io.stagegate.index.DocumentStore;
import io.stagegate.index.DocumentWrites;
import io.stagegate.index.LexicalSettings;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.index.replication.CorpusApplier;
import io.stagegate.index.replication.KafkaDocumentWrites;
import io.stagegate.index.replication.ReplicationSettings;
import io.stagegate.index.solr.SolrSettings;
import io.stagegate.index.solr.SolrStore;
import io.stagegate.model.Checkpoint;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.ModelCatalog;
import io.stagegate.catalog.Batchers;
import io.stagegate.catalog.Gateway;
import io.stagegate.pipeline.QueryVectorCache;
import io.stagegate.pipeline.StageExecutors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builds the framework-free {@link Gateway} from the configuration tree, once. */
@ApplicationScoped
public class GatewayProducer {
    /** How long startup waits for a collection it created (or found) to have an active replica of every shard. */
    private static final Duration COLLECTION_WAIT = Duration.ofSeconds(60);

    @Produces
    @Singleton
    Gateway gateway(StagegateConfig config, MeterRegistry registry) {
        ConfigChecks.validate(config);
        Gateway gateway = replica(config, Path.of(config.dataDir()), id -> new MicrometerBatchListener(registry, id));
        registry.gauge(MetricNames.CUDA_FALLBACKS, gateway.catalog(), c -> c.cudaFallbacks().size());
        IndexMetrics.register(gateway, registry);
        return gateway;
    }

    /**
     * The gateway of a serving replica (and of {@code stagegate ingest} into it): the configured pairs, and with
     * stagegate.index.replication=kafka ingest through the documents topic, applied to this data directory by its
     * applier, which starts here.
     */
    public static Gateway replica(StagegateConfig config, Path dataDir, Function<String, BatchListener> listeners) {
        boolean kafka = config.index().replication() == Replication.KAFKA;
        Gateway gateway = build(config, dataDir, pairs(config), config.defaultPair(), listeners, PairFactory.lexical(config),
                config.inference().queryCacheEntries(), kafka ? store -> replicated(config, store) : DocumentWrites::local);
        if (gateway.writes() instanceof KafkaDocumentWrites k) {
            k.applier().onApplied(new ReplicaBackfill(gateway));
            k.applier().start();
        }
        return gateway;
    }

    private static DocumentWrites replicated(StagegateConfig config, DocumentStore store) {
        if (!(store instanceof LuceneStore lucene)) {
            throw new IllegalStateException("stagegate.index.replication=kafka needs the lucene backend");
        }
        StagegateConfig.IndexConfig index = config.index();
        StagegateConfig.KafkaConfig k = config.events().kafka();
        String servers = k.bootstrapServers().orElseThrow();
        ReplicationSettings settings = new ReplicationSettings(servers, k.producer(), index.replicationTopic(),
                index.replicationPartitions(), config.events().topics().replicationFactor(), index.replicationTimeout());
        return new KafkaDocumentWrites(KafkaProducers.create(servers, k), new CorpusApplier(lucene, settings),
                index.replicationTimeout());
    }

    void close(@Disposes Gateway gateway) {
        gateway.close();
    }

    /** Also used by CLI commands that need a gateway over another data directory or pair subset. */
    public static Gateway build(StagegateConfig config, Path dataDir, Map<String, CheckpointPair> pairs, String defaultPair,
                                Function<String, BatchListener> listeners) {
        return build(config, dataDir, pairs, defaultPair, listeners, PairFactory.lexical(config),
                config.inference().queryCacheEntries());
    }

    /** As above with the lexical fields and the query-vector cache chosen by the caller (the evaluation grid). */
    public static Gateway build(StagegateConfig config, Path dataDir, Map<String, CheckpointPair> pairs, String defaultPair,
                                Function<String, BatchListener> listeners, List<String> lexical, int queryCacheEntries) {
        return build(config, dataDir, pairs, defaultPair, listeners, lexical, queryCacheEntries, DocumentWrites::local);
    }

    private static Gateway build(StagegateConfig config, Path dataDir, Map<String, CheckpointPair> pairs,
                                 String defaultPair, Function<String, BatchListener> listeners, List<String> lexical,
                                 int queryCacheEntries, Function<DocumentStore, DocumentWrites> writesTo) {
        ModelCatalog catalog = catalog(config);
        StagegateConfig.IndexConfig index = config.index();
        StagegateConfig.InferenceConfig inference = config.inference();
        DocumentStore store = store(index, dataDir, new LexicalSettings(lexical, index.bm25().k1(), index.bm25().b()));
        StageExecutors executors = new StageExecutors(inference.tokenizerThreads(), inference.tokenizerQueue(),
                index.searchThreads(), index.searchQueue());
        StagegateConfig.BatchingConfig b = config.batching();
        BatchPolicy policy = new BatchPolicy(b.maxBatchSize(), b.maxBatchTokens(), b.maxWait().toNanos(), b.queueTokens(),
                b.lowPriorityShare(), b.enabled(), b.maxQueueDelay().toNanos(), b.maxPadding());
        // One worker per device for CUDA checkpoints; per-item CPU checkpoints one per item they run side by side;
        // other CPU checkpoints the configured count.
        Function<String, Integer> workers = id -> catalog.checkpoint(id).map(c -> c.spec().device().startsWith("cuda") ? 1
                : catalog.settings().itemParallel(c.spec()) ? inference.perItemParallelism() : b.workers()).orElse(b.workers());
        // One gate per device: checkpoints on the same cores (or GPU) share it.
        Map<String, DeviceGate> gates = new java.util.concurrent.ConcurrentHashMap<>();
        Function<String, DeviceGate> gateOf = id -> gates.computeIfAbsent(
                catalog.checkpoint(id).map(c -> c.spec().device()).orElse("cpu"), d -> new DeviceGate());
        DocumentWrites writes = null;
        try {
            writes = writesTo.apply(store);
            return Gateway.builder(store, catalog, executors)
                    .batching(new Batchers.Settings(policy, workers, listeners, gateOf))
                    .queryCache(new QueryVectorCache(queryCacheEntries))
                    .writes(writes)
                    .serve(pairs, defaultPair);
        } catch (RuntimeException e) {
            if (writes != null) {
                writes.close();
            }
            executors.close();
            store.close();
            catalog.close();
            throw e;
        }
    }

    /** The configured index backend: the embedded Lucene index under the data directory, or a SolrCloud collection. */
    public static DocumentStore store(StagegateConfig.IndexConfig index, Path dataDir, LexicalSettings lexical) {
        HnswSettings hnsw = new HnswSettings(index.hnswM(), index.hnswBeamWidth());
        if (index.backend() != IndexBackend.SOLRCLOUD) {
            return new LuceneStore(dataDir.resolve("corpus"), hnsw, lexical,
                    new DocumentCache(index.documentCacheMb() * 1024L * 1024L));
        }
        StagegateConfig.SolrConfig s = index.solr();
        return new SolrStore(new SolrSettings(s.urls().orElse(List.of()), s.zkHost().filter(z -> !z.isBlank()),
                s.collection(), s.shards(), s.replicationFactor(), s.overFetch(), s.shardsTolerant(), s.requestTimeout(),
                hnsw, lexical), COLLECTION_WAIT);
    }

    public static ModelCatalog catalog(StagegateConfig config) {
        return catalog(config, config.inference().intraOpThreads());
    }

    /** The configured checkpoints with sessions of {@code intraOpThreads} threads (a benchmark's session layout). */
    public static ModelCatalog catalog(StagegateConfig config, int intraOpThreads) {
        Map<String, Checkpoint> user = new LinkedHashMap<>();
        config.checkpoints().forEach((id, c) -> user.put(id, CheckpointDirectory.open(id, Path.of(c.path()), c.device())));
        return new ModelCatalog(user, new ModelCatalog.Settings(intraOpThreads,
                config.batching().maxBatchSize(), config.batching().maxBatchTokens(), config.inference().cudaFallbackToCpu(),
                config.inference().perItemParallelism()));
    }

    /** The configured pairs, built by {@link PairFactory}. */
    public static Map<String, CheckpointPair> pairs(StagegateConfig config) {
        return PairFactory.pairs(config);
    }
}
