package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The search API over the shipped demo corpus, with real MiniLM and the synthetic cross-encoder. */
@QuarkusTest
class SearchApiTest {

    @Test
    void theDemoCorpusAnswersWithHitsTimingsAndHeaders() {
        given().contentType(ContentType.JSON).header("X-Request-Id", "req-123")
                .body("{\"query\": \"how do plants make energy from sunlight\", \"topN\": 3}")
                .post("/v1/search")
                .then().statusCode(200)
                .header("X-Request-Id", "req-123")
                .header("Server-Timing", containsString("embed;dur="))
                .header("Server-Timing", containsString("embed-queue;dur="))
                .header("X-Stagegate-Pair", "default")
                .body("requestId", equalTo("req-123"))
                .body("pair", equalTo("default"))
                .body("hits", hasSize(3))
                .body("hits[0].id", equalTo("photosynthesis"))
                .body("hits[0].rank", equalTo(1))
                .body("hits[0].annRank", equalTo(1))
                .body("hits[0].text", containsString("chlorophyll"))
                .body("hits[0].score", greaterThan(0.3f))
                .body("timings.embedMs", greaterThan(0f))
                .body("timings.totalMs", greaterThan(0f))
                .body("query.truncated", equalTo(false));
    }

    @Test
    void aRerankPairScoresTheCandidateBudgetAndReturnsTopNInScoreOrder() {
        var response = given().contentType(ContentType.JSON)
                .body("{\"query\": \"bees and pollination\", \"pair\": \"rerank\", \"includeText\": false}")
                .post("/v1/search")
                .then().statusCode(200)
                .body("pair", equalTo("rerank"))
                .body("hits", hasSize(5))
                .body("hits.text", everyItem(nullValue()))
                .body("hits.score", everyItem(greaterThan(0f)))
                .body("hits.score", everyItem(lessThan(1f)))
                .body("hits.annRank", everyItem(lessThan(9)))
                .body("timings.rerankMs", greaterThan(0f))
                .body("timings.rerankInferenceMs", greaterThan(0f))
                .extract().jsonPath();
        List<Float> scores = response.getList("hits.score", Float.class);
        for (int i = 1; i < scores.size(); i++) {
            org.junit.jupiter.api.Assertions.assertTrue(scores.get(i - 1) >= scores.get(i), "not sorted: " + scores);
        }
    }

    @Test
    void aQueryOverTheModelLimitIsTruncatedAndTheResponseSaysSo() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + "volcano eruption ".repeat(300) + "\", \"topN\": 1}")
                .post("/v1/search")
                .then().statusCode(200)
                .body("query.truncated", equalTo(true))
                .body("query.tokens", equalTo(256))
                .body("warnings[0]", containsString("truncated"))
                .body("hits[0].id", equalTo("volcanoes"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "blank query              | {\"query\": \"  \"}                                   | 400 | query",
        "missing query            | {\"topN\": 3}                                         | 400 | query",
        "topN zero                | {\"query\": \"x\", \"topN\": 0}                        | 400 | topN",
        "topN over 1000           | {\"query\": \"x\", \"topN\": 1001}                     | 400 | topN",
        "candidates below topN    | {\"query\": \"x\", \"topN\": 10, \"candidates\": 5}     | 400 | candidates",
        "candidates over 1000     | {\"query\": \"x\", \"candidates\": 1001}               | 400 | candidates",
        "unknown pair             | {\"query\": \"x\", \"pair\": \"nope\"}                  | 404 | nope",
        "malformed JSON           | {\"query\": \"x\"                                     | 400 | malformed JSON",
        "topN as a string         | {\"query\": \"x\", \"topN\": \"5\"}                     | 400 | topN",
        "topN as a fraction       | {\"query\": \"x\", \"topN\": 2.5}                      | 400 | topN",
        "query as a number        | {\"query\": 42}                                      | 400 | query",
        "includeText as a string  | {\"query\": \"x\", \"includeText\": \"yes\"}            | 400 | includeText",
        "an array body            | [1, 2]                                              | 400 | object",
        "timeout zero             | {\"query\": \"x\", \"timeoutMs\": 0}                   | 400 | timeoutMs",
        "query of NUL characters  | {\"query\": \"\\u0000\\u0000\"}                         | 400 | query must hold at least one visible character",
        "query of zero-width chars| {\"query\": \"\\u200b\\u2060\"}                         | 400 | query must hold at least one visible character",
    })
    void badInputGetsA4xxProblemNamingTheField(String name, String body, int status, String mentions) {
        given().contentType(ContentType.JSON).body(body)
                .post("/v1/search")
                .then().statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", notNullValue())
                .body("message", containsString(mentions))
                .body("requestId", notNullValue());
    }

    @Test
    void anOversizedBodyIsRefusedWith413BeforeItIsRead() {
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"" + "x".repeat(70_000) + "\"}")
                .post("/v1/search")
                .then().statusCode(413)
                .body("error", equalTo("PAYLOAD_TOO_LARGE"))
                .body("message", containsString("max-body-bytes"));
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        given().contentType(ContentType.JSON).post("/v1/search")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST"));
    }

    @Test
    void pairsAreListedWithTheirReadiness() {
        given().get("/v1/pairs").then().statusCode(200)
                .body("find { it.id == 'default' }.isDefault", equalTo(true))
                .body("find { it.id == 'rerank' }.reranker", equalTo("synthetic-ce-minilm-l6"))
                .body("find { it.id == 'rerank' }.secondStage", equalTo("cross-encoder"))
                .body("find { it.id == 'default' }.retriever", equalTo("dense"))
                .body("find { it.id == 'default' }.secondStage", equalTo("none"))
                .body("find { it.id == 'default' }.indexedDocuments", greaterThan(40));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
