package io.stagegate.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A cross-encoder checkpoint: scores (query, document) pairs. Logits [B,1] become sigmoid(logit); logits [B,2]
 * become the positive-class probability softmax(logits)[1]. Plain synchronous Java.
 */
public final class CrossEncoder implements AutoCloseable {
    private final CheckpointSpec spec;
    private final Tokenizer tokenizer;
    private final OnnxSession session;
    private final int maxBatchSize;
    private final int maxBatchTokens;
    private final int queryTokenBudget;

    public CrossEncoder(CheckpointSpec spec, Tokenizer tokenizer, OnnxSession session, int maxBatchSize, int maxBatchTokens) {
        if (spec.kind() != CheckpointKind.CROSS_ENCODER) {
            throw new IllegalArgumentException("checkpoint '" + spec.id() + "' is a " + spec.kind() + ", not a cross-encoder");
        }
        long width = session.outputWidth();
        if (width != 1 && width != 2 && width != -1) {
            throw new IllegalArgumentException("checkpoint '" + spec.id() + "': logits must be [B,1] or [B,2], last axis is "
                    + width);
        }
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.session = session;
        this.maxBatchSize = spec.execution() == Execution.PER_ITEM ? 1 : maxBatchSize;
        this.maxBatchTokens = maxBatchTokens;
        // Half the window for the query keeps room for the document even for very long queries.
        this.queryTokenBudget = spec.maxLength() / 2;
    }

    public String id() {
        return spec.id();
    }

    public CheckpointSpec spec() {
        return spec;
    }

    /** Tokenises (query, document) pairs; the query is cut to half the window, documents take the rest. */
    public List<Encoded> encode(String query, List<String> documents) {
        String q = tokenizer.truncateQuery(spec.queryPrefix() + query, queryTokenBudget);
        List<Encoded> out = new ArrayList<>(documents.size());
        for (String d : documents) {
            out.add(tokenizer.encodePair(q, spec.documentPrefix() + d));
        }
        return out;
    }

    public double[] score(String query, List<String> documents) {
        return score(encode(query, documents));
    }

    /**
     * Scores already tokenised pairs in length-grouped batches planned within this call; output order follows input
     * order. Serving goes through the batcher instead.
     */
    public double[] score(List<Encoded> pairs) {
        double[] scores = new double[pairs.size()];
        int[] lengths = pairs.stream().mapToInt(Encoded::length).toArray();
        for (int[] batch : BatchPlan.plan(lengths, maxBatchSize, maxBatchTokens)) {
            List<Encoded> group = new ArrayList<>(batch.length);
            for (int i : batch) {
                group.add(pairs.get(i));
            }
            double[] batchScores = scoreBatch(group);
            for (int j = 0; j < batch.length; j++) {
                scores[batch[j]] = batchScores[j];
            }
        }
        return scores;
    }

    /** Exactly one ONNX call over {@code batch}, padded to its longest pair. */
    public double[] scoreBatch(List<Encoded> batch) {
        OnnxSession.Output out = session.run(batch);
        long[] shape = out.shape();
        if (shape.length != 2 || shape[0] != batch.size() || (shape[1] != 1 && shape[1] != 2)) {
            throw new IllegalStateException("checkpoint '" + spec.id() + "': expected logits [" + batch.size()
                    + ",1|2], got " + Arrays.toString(shape));
        }
        float[] v = out.values();
        double[] scores = new double[batch.size()];
        for (int j = 0; j < scores.length; j++) {
            scores[j] = shape[1] == 1 ? sigmoid(v[j]) : positiveProbability(v[2 * j], v[2 * j + 1]);
        }
        return scores;
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static double positiveProbability(double negative, double positive) {
        double m = Math.max(negative, positive);
        double en = Math.exp(negative - m);
        double ep = Math.exp(positive - m);
        return ep / (en + ep);
    }

    @Override
    public void close() throws Exception {
        session.close();
        tokenizer.close();
    }
}
