package io.stagegate.model;

import java.util.ArrayList;
import java.util.List;

/** A bi-encoder checkpoint: text in, one (normally unit-length) vector out. Plain synchronous Java. */
public final class Embedder implements AutoCloseable {
    private final CheckpointSpec spec;
    private final Tokenizer tokenizer;
    private final OnnxSession session;
    private final int maxBatchSize;
    private final int maxBatchTokens;
    private final int dimension;

    public Embedder(CheckpointSpec spec, Tokenizer tokenizer, OnnxSession session, int maxBatchSize, int maxBatchTokens) {
        if (spec.kind() != CheckpointKind.EMBEDDER) {
            throw new IllegalArgumentException("checkpoint '" + spec.id() + "' is a " + spec.kind() + ", not an embedder");
        }
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.session = session;
        this.maxBatchSize = spec.execution() == Execution.PER_ITEM ? 1 : maxBatchSize;
        this.maxBatchTokens = maxBatchTokens;
        this.dimension = (int) session.outputWidth();
        if (dimension <= 0) {
            throw new IllegalArgumentException("checkpoint '" + spec.id() + "': output '" + spec.outputName()
                    + "' has no fixed hidden size");
        }
    }

    /** A query vector and what the tokenizer did to the query. */
    public record QueryEmbedding(float[] vector, int tokens, boolean truncated) {
    }

    public String id() {
        return spec.id();
    }

    public CheckpointSpec spec() {
        return spec;
    }

    public int dimension() {
        return dimension;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public QueryEmbedding embedQuery(String query) {
        Encoded encoded = encodeQuery(query);
        return new QueryEmbedding(embed(List.of(encoded))[0], encoded.length(), encoded.truncated());
    }

    public float[][] embedDocuments(List<String> texts) {
        return embed(encodeDocuments(texts));
    }

    public List<Encoded> encodeDocuments(List<String> texts) {
        List<String> prefixed = new ArrayList<>(texts.size());
        for (String t : texts) {
            prefixed.add(spec.documentPrefix() + t);
        }
        return tokenizer.encodeAll(prefixed);
    }

    /**
     * Embeds already tokenised items in length-grouped batches planned within this call; output order follows input
     * order. Serving goes through the batcher instead; this is for tools, tests and the raw-throughput benchmark.
     */
    public float[][] embed(List<Encoded> items) {
        float[][] out = new float[items.size()][];
        int[] lengths = items.stream().mapToInt(Encoded::length).toArray();
        for (int[] batch : BatchPlan.plan(lengths, maxBatchSize, maxBatchTokens)) {
            List<Encoded> group = new ArrayList<>(batch.length);
            for (int i : batch) {
                group.add(items.get(i));
            }
            float[][] vectors = embedBatch(group);
            for (int j = 0; j < batch.length; j++) {
                out[batch[j]] = vectors[j];
            }
        }
        return out;
    }

    /** Exactly one ONNX call over {@code batch}, padded to its longest item. */
    public float[][] embedBatch(List<Encoded> batch) {
        return pool(session.run(batch), batch);
    }

    /** Query text as the model sees it, tokenised (prefix added, truncated to the window). */
    public Encoded encodeQuery(String query) {
        return tokenizer.encode(spec.queryPrefix() + query);
    }

    private float[][] pool(OnnxSession.Output output, List<Encoded> group) {
        long[] shape = output.shape();
        if (shape.length != 3 || shape[2] != dimension) {
            throw new IllegalStateException("checkpoint '" + spec.id() + "': expected output [B, L, " + dimension + "], got "
                    + java.util.Arrays.toString(shape));
        }
        int width = (int) shape[1];
        float[] values = output.values();
        float[][] vectors = new float[group.size()][dimension];
        for (int row = 0; row < group.size(); row++) {
            float[] v = vectors[row];
            int base = row * width * dimension;
            if (spec.pooling() == Pooling.CLS) {
                System.arraycopy(values, base, v, 0, dimension);
            } else {
                int tokens = group.get(row).length();
                for (int t = 0; t < tokens; t++) {
                    int offset = base + t * dimension;
                    for (int d = 0; d < dimension; d++) {
                        v[d] += values[offset + d];
                    }
                }
                for (int d = 0; d < dimension; d++) {
                    v[d] /= tokens;
                }
            }
            if (spec.normalize()) {
                normalize(v);
            }
        }
        return vectors;
    }

    static void normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
    }

    @Override
    public void close() throws Exception {
        session.close();
        tokenizer.close();
    }
}
