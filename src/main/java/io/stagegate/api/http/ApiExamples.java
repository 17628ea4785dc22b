package io.stagegate.api.http;

/** Request examples shown in the OpenAPI document and Swagger UI (/q/swagger-ui). */
final class ApiExamples {
    static final String SEARCH = """
            {"query": "how do plants make energy from sunlight", "topN": 3, "candidates": 50, "includeText": true}""";
    static final String FEEDBACK = """
            {"queryId": "6f1c2d1e-8b0a-4c51-9a43-1f0e2b7c9d10", "actionName": "click", "objectId": "doc-1", "position": 1}""";
    static final String DOCUMENTS = """
            [{"id": "doc-1", "title": "Photosynthesis", "text": "Plants convert light energy into chemical energy.",
              "metadata": {"source": "demo"}}]""";
    static final String EMBEDDINGS = """
            {"model": "bge-small-en-v1.5", "input": ["The food was delicious"], "encoding_format": "float"}""";
    static final String RERANK = """
            {"model": "synthetic-ce-minilm-l6", "query": "What is the capital of the United States?",
             "documents": ["Carson City is the capital of Nevada.", "Washington, D.C. is the capital of the United States."],
             "top_n": 1, "return_documents": true}""";

    private ApiExamples() {
    }
}
