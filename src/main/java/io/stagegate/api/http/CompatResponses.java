package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.pipeline.DirectInference;
import io.stagegate.catalog.Gateway;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Builds the compat responses from pipeline results. */
final class CompatResponses {
    private CompatResponses() {
    }

    static boolean isQueryInput(String inputType) {
        if (inputType == null || inputType.equals("document") || inputType.equals("search_document")) {
            return false;
        }
        if (inputType.equals("query") || inputType.equals("search_query")) {
            return true;
        }
        throw StagegateException.invalid("input_type must be 'query' or 'document', was '" + inputType + "'");
    }

    static String defaultReranker(Gateway gateway) {
        return gateway.pair(gateway.defaultPair()).reranker().orElseThrow(() -> StagegateException.invalid(
                "model is required: the default pair has no reranker"));
    }

    static CompatBodies.EmbeddingsResponse embeddings(DirectInference.Embeddings e, EmbeddingFormat format) {
        List<CompatBodies.Embedding> data = new ArrayList<>(e.vectors().size());
        for (int i = 0; i < e.vectors().size(); i++) {
            float[] v = e.vectors().get(i);
            data.add(new CompatBodies.Embedding("embedding", i, format == EmbeddingFormat.FLOAT ? v : base64(v)));
        }
        return new CompatBodies.EmbeddingsResponse("list", data, e.model(), new CompatBodies.Usage(e.tokens(), e.tokens()));
    }

    static String base64(float[] v) {
        ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            bytes.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    static CompatBodies.RerankResponse rerank(String id, DirectInference.Scores s, List<String> docs, Integer topN,
                                              boolean returnDocuments) {
        List<Double> scores = s.scores();
        int n = topN == null ? docs.size() : Math.min(topN, docs.size());
        List<CompatBodies.RerankResult> results = IntStream.range(0, docs.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores.get(i)).reversed().thenComparingInt(i -> i))
                .limit(n)
                .map(i -> new CompatBodies.RerankResult(i, scores.get(i),
                        returnDocuments ? new CompatBodies.RerankDocument(docs.get(i)) : null))
                .toList();
        return new CompatBodies.RerankResponse(id, results, s.model(), new CompatBodies.Usage(null, s.tokens()));
    }
}
