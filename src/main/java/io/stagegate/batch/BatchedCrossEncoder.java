package io.stagegate.batch;

import io.stagegate.model.CrossEncoder;
import io.stagegate.model.Execution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A cross-encoder checkpoint behind its own batcher. */
public final class BatchedCrossEncoder implements AutoCloseable {
    private final CrossEncoder crossEncoder;
    private final InferenceBatcher<Double> batcher;

    public BatchedCrossEncoder(CrossEncoder crossEncoder, BatchPolicy policy, int workers, BatchListener listener,
                               LongSupplier nanoTime) {
        this(crossEncoder, policy, workers, listener, nanoTime, new DeviceGate());
    }

    /** @param gate shared by the batchers of one device, so shadow and background batches yield to interactive ones */
    public BatchedCrossEncoder(CrossEncoder crossEncoder, BatchPolicy policy, int workers, BatchListener listener,
                               LongSupplier nanoTime, DeviceGate gate) {
        this.crossEncoder = crossEncoder;
        BatchPolicy effective = crossEncoder.spec().execution() == Execution.PER_ITEM ? policy.withMaxBatchSize(1) : policy;
        this.batcher = new InferenceBatcher<>(crossEncoder.id(), effective, workers, batch -> {
            double[] scores = crossEncoder.scoreBatch(batch);
            List<Double> out = new ArrayList<>(scores.length);
            for (double d : scores) {
                out.add(d);
            }
            return out;
        }, listener, nanoTime, gate);
    }

    public String id() {
        return crossEncoder.id();
    }

    public CrossEncoder crossEncoder() {
        return crossEncoder;
    }

    public InferenceBatcher<Double> batcher() {
        return batcher;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
