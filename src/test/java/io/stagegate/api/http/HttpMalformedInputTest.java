package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP malformed-input corpus over every endpoint, admin included (the test client is on loopback, which the admin
 * API answers while no key is configured): each case gets the 4xx it deserves, a JSON problem body, and a message that
 * names the problem. Never a 5xx, never a hang.
 */
@QuarkusTest
class HttpMalformedInputTest {

    @ParameterizedTest(name = "{0} {1}: {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // search
        "POST | /v1/search          | application/json | {\"query\": \"\\u0000\"}                       | 400 | visible character",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"topN\": -1}                | 400 | topN",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"candidates\": \"many\"}    | 400 | candidates",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"timeoutMs\": 900000}       | 400 | timeoutMs",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"pair\": 7}                 | 400 | pair",
        "POST | /v1/search          | application/json | `{\"query\": \"x\"`                              | 400 | malformed JSON",
        "POST | /v1/search          | text/plain       | hello                                          | 415 | ",
        "GET  | /v1/search          | application/json | ``                                              | 405 | ",
        "POST | /v1/search/stream   | application/json | {\"query\": \"x\", \"topN\": 0}                 | 400 | topN",
        "POST | /v1/search/stream   | application/json | {\"query\": \"x\", \"pair\": \"ghost\"}         | 404 | ghost",
        // compat
        "POST | /v1/embeddings      | application/json | {\"input\": []}                               | 400 | input must not be empty",
        "POST | /v1/embeddings      | application/json | {\"input\": [1, 2]}                           | 400 | input[0]",
        "POST | /v1/embeddings      | application/json | {\"input\": \"x\", \"model\": \"ghost\"}        | 404 | ghost",
        "POST | /v1/rerank          | application/json | {\"query\": \"q\", \"documents\": \"d\"}       | 400 | documents",
        "POST | /v1/rerank          | application/json | {\"query\": \"q\", \"documents\": [{\"txt\": 1}]} | 400 | documents[0]",
        // feedback
        "POST | /v1/feedback        | application/json | []                                              | 400 | feedback array",
        "POST | /v1/feedback        | application/json | {\"queryId\": \"q\", \"actionName\": \"like\", \"objectId\": \"d\"} | 400 | action_name",
        "POST | /v1/feedback        | application/json | {\"queryId\": \"q\", \"actionName\": \"click\"} | 400 | object_id",
        "POST | /v1/feedback        | application/json | 42                                              | 400 | feedback object",
        // documents
        "POST | /v1/documents       | application/json | {\"id\": \"x\"}                                | 400 | array",
        "POST | /v1/documents       | application/json | [{\"id\": \"\", \"text\": \"t\"}]              | 400 | id",
        "POST | /v1/documents       | application/json | [{\"id\": \"a\", \"text\": \"t\"}, {\"id\": \"a\", \"text\": \"u\"}] | 400 | more than once",
        "POST | /v1/documents       | application/x-ndjson | `{\"id\": \"a\", \"text\": `                    | 400 | line 1",
        "GET  | /v1/documents/ghost | application/json | ``                                              | 404 | ghost",
        // admin: pairs
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p x\", \"embedder\": \"all-minilm-l6-v2\"} | 400 | id must match",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p\"}                                | 400 | embedder",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p\", \"embedder\": \"synthetic-ce-minilm-l6\"} | 400 | not a EMBEDDER",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p\", \"embedder\": \"all-minilm-l6-v2\", \"topN\": 0} | 400 | top-n must be 1..1000",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"default\", \"embedder\": \"all-minilm-l6-v2\"} | 409 | exists",
        "POST | /v1/admin/pairs     | application/json | `[`                                             | 400 | expected an object",
        "POST | /v1/admin/pairs     | application/json | `{\"id\": `                                   | 400 | malformed JSON",
        "DELETE | /v1/admin/pairs/ghost | application/json | ``                                          | 404 | ghost",
        "POST | /v1/admin/pairs/ghost/promote | application/json | ``                                    | 404 | ghost",
        // admin: experiments
        "POST | /v1/admin/experiments | application/json | {\"id\": \"e\", \"arms\": [{\"pair\": \"default\", \"weight\": -1}, {\"pair\": \"rerank\"}]} | 400 | weight must be positive",
        "POST | /v1/admin/experiments | application/json | {\"id\": \"e\", \"arms\": \"default\"}        | 400 | arms",
        "POST | /v1/admin/experiments | application/json | {\"arms\": [{\"pair\": \"default\"}, {\"pair\": \"rerank\"}]} | 400 | id must match",
        "PUT  | /v1/admin/experiments/ghost | application/json | {\"arms\": []}                         | 404 | ghost",
        "DELETE | /v1/admin/experiments/ghost | application/json | ``                                  | 404 | ghost",
        "GET  | /v1/admin/experiments/ghost/report | application/json | ``                            | 404 | ghost",
        // unknown fields: refused naming the field and the nearest known name (the compat endpoints ignore them)
        "POST | /v1/admin/experiments | application/json | {\"id\": \"typo\", \"mode\": \"ab\", \"state\": \"running\", \"arms\": [{\"pair\": \"default\", \"weight\": 50}, {\"pair\": \"rerank\", \"weigth\": 50}], \"shadows\": [{\"pair\": \"rerank\", \"sample\": 0.5}]} | 400 | unknown field 'weigth' in arms[1]; did you mean 'weight'?",
        "POST | /v1/admin/experiments | application/json | {\"id\": \"typo\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"rerank\", \"weight\": 1}], \"shadows\": [{\"pair\": \"rerank\", \"sample\": 0.5}]} | 400 | unknown field 'sample' in shadows[0]; did you mean 'sampleRate'?",
        "POST | /v1/admin/experiments | application/json | {\"id\": \"typo\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"rerank\"}]} | 400 | arms[1].weight is required",
        "POST | /v1/admin/experiments | application/json | {\"id\": \"typo\", \"arms\": [{\"pair\": \"default\", \"weight\": 1}, {\"pair\": \"rerank\", \"weight\": 1}], \"shadows\": [{\"pair\": \"rerank\"}]} | 400 | shadows[0].sampleRate is required",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p\", \"embeder\": \"all-minilm-l6-v2\"} | 400 | unknown field 'embeder'; did you mean 'embedder'?",
        "POST | /v1/admin/pairs     | application/json | {\"id\": \"p\", \"embedder\": \"all-minilm-l6-v2\", \"rescore\": {\"bm52\": true}} | 400 | unknown field 'bm52' in rescore; did you mean 'bm25'?",
        "POST | /v1/admin/checkpoints | application/json | {\"id\": \"c\", \"pth\": \"x\"}             | 400 | unknown field 'pth'; did you mean 'path'?",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"topn\": 1}               | 400 | unknown field 'topn'; did you mean 'topN'?",
        "POST | /v1/search/stream   | application/json | {\"query\": \"x\", \"filter\": {\"tenant\": \"a\"}} | 400 | filter has unknown operator 'tenant'",
        "POST | /v1/search/stream   | application/json | {\"query\": \"x\", \"filters\": {\"term\": {\"a\": 1}}} | 400 | unknown field 'filters'",
        "POST | /v1/search          | application/json | {\"query\": \"x\", \"filter\": {\"term\": {\"nowhere\": 1}}} | 400 | 'nowhere', which no document has",
        "POST | /v1/documents       | application/json | [{\"id\": \"a\", \"txt\": \"t\"}]             | 400 | unknown field 'txt' in documents[0]; did you mean 'text'?",
        "POST | /v1/documents       | application/x-ndjson | {\"id\": \"a\", \"text\": \"t\", \"tilte\": \"x\"} | 400 | did you mean 'title'?",
        "POST | /v1/feedback        | application/json | [{\"queryId\": \"q\", \"actionName\": \"click\", \"objectId\": \"d\", \"postion\": 1}] | 400 | feedback[0]: unknown field 'postion'; did you mean 'position'?",
        "GET  | /v1/nothing-here    | application/json | ``                                              | 404 | ",
    })
    void everyEndpointRefusesBadInputWithAProblemNamingIt(String method, String path, String type, String body,
                                                          int status, String mentions) {
        var request = given().contentType(type);
        if (body != null && !body.isEmpty()) {
            request = request.body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        var response = request.request(method, path).then()
                .statusCode(status)
                .statusCode(greaterThanOrEqualTo(400)).statusCode(lessThan(500))
                .body("error", notNullValue());
        if (mentions != null && !mentions.isBlank()) {
            response.body("message", containsString(mentions));
        }
    }
}
