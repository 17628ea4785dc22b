package io.stagegate.batch;

import io.stagegate.Deadline;
import io.stagegate.Priority;
import io.stagegate.StagegateException;
import io.stagegate.model.Embedder;
import io.stagegate.model.Encoded;
import io.stagegate.model.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;

/** An embedder checkpoint behind its own batcher: the only way serving and ingest reach its ONNX session. */
public final class BatchedEmbedder implements AutoCloseable {
    private final Embedder embedder;
    private final InferenceBatcher<float[]> batcher;

    public BatchedEmbedder(Embedder embedder, BatchPolicy policy, int workers, BatchListener listener, LongSupplier nanoTime) {
        this(embedder, policy, workers, listener, nanoTime, new DeviceGate());
    }

    /** @param gate shared by the batchers of one device, so shadow and background batches yield to interactive ones */
    public BatchedEmbedder(Embedder embedder, BatchPolicy policy, int workers, BatchListener listener, LongSupplier nanoTime,
                           DeviceGate gate) {
        this.embedder = embedder;
        // Batch-variant (int8) exports run one item per call so results never depend on neighbours.
        BatchPolicy effective = embedder.spec().execution() == Execution.PER_ITEM ? policy.withMaxBatchSize(1) : policy;
        this.batcher = new InferenceBatcher<>(embedder.id(), effective, workers,
                batch -> List.of(embedder.embedBatch(batch)), listener, nanoTime, gate);
    }

    public String id() {
        return embedder.id();
    }

    public Embedder embedder() {
        return embedder;
    }

    public InferenceBatcher<float[]> batcher() {
        return batcher;
    }

    /**
     * Embeds tokenised documents as background work: submitted in chunks that wait for room (so ingest never
     * floods the queue) and may be shed by interactive traffic. Blocks until all are embedded.
     */
    public float[][] embedBackground(List<Encoded> documents) {
        int chunk = Math.max(1, batcher.policy().maxBatchSize() * 2);
        List<Submission<float[]>> submissions = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += chunk) {
            submissions.add(batcher.submitWaiting(documents.subList(from, Math.min(documents.size(), from + chunk)),
                    Priority.BACKGROUND, Deadline.NONE));
        }
        float[][] out = new float[documents.size()][];
        int at = 0;
        try {
            for (Submission<float[]> s : submissions) {
                for (float[] v : s.future().join().outputs()) {
                    out[at++] = v;
                }
            }
        } catch (CompletionException e) {
            submissions.forEach(batcher::cancel);
            throw e.getCause() instanceof StagegateException se ? se : e;
        }
        return out;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
