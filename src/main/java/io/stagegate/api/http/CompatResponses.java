package io.stagegate.api.http;

import io.stagegate.StagegateException;
import io.stagegate.serving.DirectInference;
import io.stagegate.serving.RerankService;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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

    static CompatBodies.RerankResponse rerank(String id, RerankService.Reranked r, List<String> docs,
                                              boolean returnDocuments) {
        List<CompatBodies.RerankResult> results = r.results().stream()
                .map(x -> new CompatBodies.RerankResult(x.index(), x.score(),
                        returnDocuments ? new CompatBodies.RerankDocument(docs.get(x.index())) : null))
                .toList();
        return new CompatBodies.RerankResponse(id, results, r.model(), new CompatBodies.Usage(null, r.tokens()));
    }
}
