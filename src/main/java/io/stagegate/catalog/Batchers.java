package io.stagegate.catalog;

import io.stagegate.batch.BatchListener;
import io.stagegate.batch.BatchPolicy;
import io.stagegate.batch.BatchedCrossEncoder;
import io.stagegate.batch.BatchedEmbedder;
import io.stagegate.batch.DeviceGate;
import io.stagegate.model.ModelCatalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One batcher per checkpoint version, created (and its model loaded) on first use and shared by every pair, the
 * compat endpoints and ingest: the only way anything reaches a model's ONNX session.
 */
public final class Batchers implements AutoCloseable {
    /**
     * How each checkpoint's batcher behaves, who hears about its batches, and the gate of the device it runs on
     * (batchers of one device share it, so shadow and background work yield to interactive work on any of them).
     */
    public record Settings(BatchPolicy policy, Function<String, Integer> workersFor,
                           Function<String, BatchListener> listeners, Function<String, DeviceGate> gates) {
        /** Every checkpoint on one device. */
        public Settings(BatchPolicy policy, Function<String, Integer> workersFor, Function<String, BatchListener> listeners) {
            this(policy, workersFor, listeners, oneDevice());
        }

        private static Function<String, DeviceGate> oneDevice() {
            DeviceGate gate = new DeviceGate();
            return id -> gate;
        }
    }

    private final ModelCatalog models;
    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Map<String, BatchedEmbedder> embedders = new ConcurrentHashMap<>();
    private final Map<String, BatchedCrossEncoder> crossEncoders = new ConcurrentHashMap<>();

    public Batchers(ModelCatalog models, Settings settings, LongSupplier nanoTime) {
        this.models = models;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** The batched embedder of a checkpoint version; lock-free once created. */
    public BatchedEmbedder embedder(String version) {
        return embedders.computeIfAbsent(version, v -> new BatchedEmbedder(models.embedder(v), settings.policy(),
                settings.workersFor().apply(v), settings.listeners().apply(v), nanoTime, settings.gates().apply(v)));
    }

    /** The batched cross-encoder of a checkpoint version; lock-free once created. */
    public BatchedCrossEncoder crossEncoder(String version) {
        return crossEncoders.computeIfAbsent(version, v -> new BatchedCrossEncoder(models.crossEncoder(v),
                settings.policy(), settings.workersFor().apply(v), settings.listeners().apply(v), nanoTime,
                settings.gates().apply(v)));
    }

    /** Interactive items queued or running now on the device that runs this checkpoint version. */
    public int interactiveLoad(String version) {
        return settings.gates().apply(version).interactiveItems();
    }

    /** Closes the batchers of one version (nothing may use it any more). */
    public void close(String version) {
        BatchedEmbedder e = embedders.remove(version);
        if (e != null) {
            e.close();
        }
        BatchedCrossEncoder r = crossEncoders.remove(version);
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() {
        embedders.values().forEach(BatchedEmbedder::close);
        crossEncoders.values().forEach(BatchedCrossEncoder::close);
    }
}
