package io.stagegate.testing;

import io.stagegate.CheckpointPair;
import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.index.HnswSettings;
import io.stagegate.index.LuceneStore;
import io.stagegate.model.ModelCatalog;
import io.stagegate.catalog.Batchers;
import io.stagegate.catalog.Gateway;
import io.stagegate.pipeline.StageExecutors;
import java.nio.file.Path;
import java.util.Map;

/** A framework-free gateway over a temporary directory, for tests of the stage cores and the evaluator. */
public final class TestGateways {
    public static final BatchPolicy POLICY = new BatchPolicy(32, 16384, 0, 1 << 20, 0.5, true, 0, 100.0);

    private TestGateways() {
    }

    public static Gateway open(Path dir, ModelCatalog catalog, CheckpointPair pair) {
        return Gateway.builder(new LuceneStore(dir, HnswSettings.defaults()), catalog,
                        new StageExecutors(1, 64, 1, 64))
                .batching(new Batchers.Settings(POLICY, id -> 1, id -> BatchListener.NONE))
                .serve(Map.of(pair.id(), pair), pair.id());
    }
}
