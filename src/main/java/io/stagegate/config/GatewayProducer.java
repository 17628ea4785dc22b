package io.stagegate.config;

import io.stagegate.CheckpointPair;
import io.stagegate.index.LuceneStore;
import io.stagegate.model.Checkpoint;
import io.stagegate.model.CheckpointDirectory;
import io.stagegate.model.ModelCatalog;
import io.stagegate.pipeline.Gateway;
import io.stagegate.pipeline.StageExecutors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Builds the framework-free {@link Gateway} from the configuration tree, once. */
@ApplicationScoped
public class GatewayProducer {

    @Produces
    @Singleton
    Gateway gateway(StagegateConfig config) {
        ConfigChecks.validate(config);
        return build(config, Path.of(config.dataDir()), pairs(config), config.defaultPair());
    }

    void close(@Disposes Gateway gateway) {
        gateway.close();
    }

    /** Also used by CLI commands that need a gateway over another data directory or pair subset. */
    public static Gateway build(StagegateConfig config, Path dataDir, Map<String, CheckpointPair> pairs, String defaultPair) {
        ModelCatalog catalog = catalog(config);
        StagegateConfig.IndexConfig index = config.index();
        StagegateConfig.InferenceConfig inference = config.inference();
        LuceneStore store = new LuceneStore(dataDir.resolve("corpus"),
                new LuceneStore.HnswSettings(index.hnswM(), index.hnswBeamWidth()));
        StageExecutors executors = new StageExecutors(inference.workers(), inference.queueCapacity(), index.searchThreads(),
                index.searchQueue());
        try {
            return new Gateway(store, catalog, executors, pairs, defaultPair, System::nanoTime);
        } catch (RuntimeException e) {
            executors.close();
            store.close();
            catalog.close();
            throw e;
        }
    }

    public static ModelCatalog catalog(StagegateConfig config) {
        Map<String, Checkpoint> user = new LinkedHashMap<>();
        config.checkpoints().forEach((id, c) -> user.put(id, CheckpointDirectory.open(id, Path.of(c.path()), c.device())));
        StagegateConfig.InferenceConfig inference = config.inference();
        return new ModelCatalog(user, new ModelCatalog.Settings(inference.intraOpThreads(), inference.maxBatchSize(),
                inference.maxBatchTokens()));
    }

    public static Map<String, CheckpointPair> pairs(StagegateConfig config) {
        Map<String, CheckpointPair> pairs = new TreeMap<>();
        config.pairs().forEach((id, p) -> pairs.put(id, new CheckpointPair(id, p.embedder(), p.reranker(), p.candidates(),
                p.topN())));
        return pairs;
    }
}
