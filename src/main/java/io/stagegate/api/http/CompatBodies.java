package io.stagegate.api.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Wire shapes of the ecosystem-compatible endpoints (OpenAI embeddings; Cohere/Jina/Infinity rerank). */
final class CompatBodies {
    private CompatBodies() {
    }

    /** OpenAI: input is a string or an array of strings; unknown fields (user, dimensions...) are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record EmbeddingsRequest(String model, JsonNode input, @JsonProperty("encoding_format") String encodingFormat,
                             @JsonProperty("input_type") String inputType) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmbeddingsResponse(String object, List<Embedding> data, String model, Usage usage) {
    }

    record Embedding(String object, int index, Object embedding) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Usage(@JsonProperty("prompt_tokens") Integer promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }

    /** Cohere / Jina / Infinity: documents are strings or {text} objects. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RerankRequest(String model, String query, JsonNode documents, @JsonProperty("top_n") Integer topN,
                         @JsonProperty("return_documents") Boolean returnDocuments) {
    }

    record RerankResponse(String id, List<RerankResult> results, String model, Usage usage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RerankResult(int index, @JsonProperty("relevance_score") double relevanceScore, RerankDocument document) {
    }

    record RerankDocument(String text) {
    }
}
