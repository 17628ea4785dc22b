package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI- and Cohere-shaped endpoints, fed request bodies as those clients send them. */
@QuarkusTest
class CompatApiTest {

    @Test
    void openAiClientBodyWithBase64EncodingGetsOpenAiShapedEmbeddings() {
        // The openai Python client asks for base64 unless told otherwise, and sends "user" along.
        var json = given().contentType(ContentType.JSON)
                .body("{\"input\": [\"The food was delicious\", \"The waiter was rude\"], \"model\": \"all-minilm-l6-v2\", "
                        + "\"encoding_format\": \"base64\", \"user\": \"u-1\"}")
                .post("/v1/embeddings")
                .then().statusCode(200)
                .header("Server-Timing", containsString("inference;dur="))
                .body("object", equalTo("list"))
                .body("model", equalTo("all-minilm-l6-v2"))
                .body("data", hasSize(2))
                .body("data[0].object", equalTo("embedding"))
                .body("data[1].index", equalTo(1))
                .body("usage.prompt_tokens", greaterThan(8))
                .extract().jsonPath();
        assertEquals((int) json.get("usage.prompt_tokens"), (int) json.get("usage.total_tokens"));
        byte[] raw = Base64.getDecoder().decode(json.getString("data[0].embedding"));
        assertEquals(384 * 4, raw.length);
        ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        double norm = 0;
        for (int i = 0; i < 384; i++) {
            float x = buffer.getFloat();
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-4);
    }

    @Test
    void aSingleStringInputGetsFloatArrays() {
        List<Float> v = given().contentType(ContentType.JSON)
                .body("{\"input\": \"hello\", \"model\": \"all-minilm-l6-v2\"}")
                .post("/v1/embeddings")
                .then().statusCode(200)
                .body("data", hasSize(1))
                .extract().jsonPath().getList("data[0].embedding", Float.class);
        assertEquals(384, v.size());
    }

    @Test
    void cohereClientBodyGetsScoresSortedWithIndexes() {
        var json = given().contentType(ContentType.JSON)
                .body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"What is the capital of the United States?\", "
                        + "\"documents\": [\"Carson City is the capital city of the American state of Nevada.\", "
                        + "\"Washington, D.C. is the capital of the United States.\", "
                        + "{\"text\": \"Capital punishment has existed in the United States since before it was a country.\"}], "
                        + "\"top_n\": 2, \"return_documents\": true, \"max_chunks_per_doc\": 10}")
                .post("/v1/rerank")
                .then().statusCode(200)
                .header("Server-Timing", containsString("queue;dur="))
                .body("id", notNullValue())
                .body("model", equalTo("synthetic-ce-minilm-l6"))
                .body("results", hasSize(2))
                .body("results[0].document.text", notNullValue())
                .body("usage.total_tokens", greaterThan(20))
                .extract().jsonPath();
        List<Float> scores = json.getList("results.relevance_score", Float.class);
        assertTrue(scores.get(0) >= scores.get(1), "not sorted: " + scores);
        List<Integer> indexes = json.getList("results.index", Integer.class);
        assertTrue(indexes.stream().allMatch(i -> i >= 0 && i < 3));
    }

    @Test
    void withoutReturnDocumentsOnlyIndexAndScoreComeBack() {
        given().contentType(ContentType.JSON)
                .body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"q\", \"documents\": [\"a\", \"b\"]}")
                .post("/v1/rerank")
                .then().statusCode(200)
                .body("results", hasSize(2))
                .body("results[0].document", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void badCompatRequestsAreNamed() {
        given().contentType(ContentType.JSON).body("{\"model\": \"all-minilm-l6-v2\", \"input\": [[1, 2]]}")
                .post("/v1/embeddings").then().statusCode(400).body("message", containsString("input[0]"));
        given().contentType(ContentType.JSON).body("{\"model\": \"all-minilm-l6-v2\", \"input\": \"x\", \"encoding_format\": \"int8\"}")
                .post("/v1/embeddings").then().statusCode(400).body("message", containsString("encoding_format"));
        given().contentType(ContentType.JSON).body("{\"model\": \"no-such-model\", \"input\": \"x\"}")
                .post("/v1/embeddings").then().statusCode(404).body("message", containsString("no-such-model"));
        given().contentType(ContentType.JSON).body("{\"model\": \"all-minilm-l6-v2\", \"query\": \"q\", \"documents\": [\"a\"]}")
                .post("/v1/rerank").then().statusCode(400).body("message", containsString("not a CROSS_ENCODER"));
        given().contentType(ContentType.JSON).body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"q\", \"documents\": []}")
                .post("/v1/rerank").then().statusCode(400).body("message", containsString("documents must not be empty"));
        given().contentType(ContentType.JSON).body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"q\", \"documents\": [\"a\"], "
                        + "\"top_n\": 0}")
                .post("/v1/rerank").then().statusCode(400).body("message", containsString("top_n"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("\"d\"");
        }
        given().contentType(ContentType.JSON).body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"q\", \"documents\": "
                        + many + "]}")
                .post("/v1/rerank").then().statusCode(400).body("message", containsString("at most 1000"));
        given().contentType(ContentType.JSON).body("{\"model\": \"synthetic-ce-minilm-l6\", \"query\": \"\\u0000\", "
                        + "\"documents\": [\"a\"]}")
                .post("/v1/rerank").then().statusCode(400).body("message", containsString("query must hold at least one visible"));
        given().contentType(ContentType.JSON).body("{\"model\": \"all-minilm-l6-v2\", \"input\": [\"ok\", \"\\u200b\"]}")
                .post("/v1/embeddings").then().statusCode(400).body("message", containsString("input[1] must hold at least one visible"));
    }
}
