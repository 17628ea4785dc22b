package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Ingest through the HTTP API: idempotent by id, all-or-nothing per request, validated before anything is written. */
@QuarkusTest
class DocumentApiTest {

    private static int corpusSize() {
        return given().get("/v1/pairs").then().extract().path("find { it.id == 'default' }.corpusSize");
    }

    @Test
    void reIngestingAnIdReplacesItAndSearchSeesTheNewText() {
        given().contentType(ContentType.JSON)
                .body("[{\"id\": \"lighthouse\", \"title\": \"Lighthouses\", \"text\": \"A lighthouse guides ships with a bright "
                        + "rotating lamp at night.\", \"metadata\": {\"source\": \"test\", \"year\": 2026}}]")
                .post("/v1/documents")
                .then().statusCode(200).body("ingested", equalTo(1));
        int size = corpusSize();
        given().contentType(ContentType.JSON)
                .body("[{\"id\": \"lighthouse\", \"title\": \"Lighthouses\", \"text\": \"Automated lighthouse lamps now run "
                        + "on solar panels and LEDs.\"}]")
                .post("/v1/documents")
                .then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals(size, corpusSize());
        given().get("/v1/documents/lighthouse").then().statusCode(200)
                .body("text", containsString("LEDs"))
                .body("metadata.size()", equalTo(0));
        given().contentType(ContentType.JSON)
                .body("{\"query\": \"lighthouse lamp for ships\", \"topN\": 1}")
                .post("/v1/search")
                .then().statusCode(200)
                .body("hits[0].id", equalTo("lighthouse"))
                .body("hits[0].text", containsString("LEDs"));
    }

    @Test
    void aDeletedDocumentIsGoneFromLookupAndEverySearchOnceTheDeleteAnswers() {
        String text = "Axolotls regrow lost limbs, spinal cord and heart tissue without scarring.";
        given().contentType(ContentType.JSON).body("[{\"id\": \"axolotl\", \"text\": \"" + text + "\"}]")
                .post("/v1/documents").then().statusCode(200);
        String query = "{\"query\": \"axolotl limb regeneration\", \"topN\": 3%s}";
        given().contentType(ContentType.JSON).body(query.formatted("")).post("/v1/search").then().statusCode(200)
                .body("hits[0].id", equalTo("axolotl"));
        int size = corpusSize();
        given().delete("/v1/documents/axolotl").then().statusCode(200).body("id", equalTo("axolotl"))
                .body("deleted", equalTo(true)).body("corpusSize", equalTo(size - 1));
        given().get("/v1/documents/axolotl").then().statusCode(404);
        for (String pair : new String[] {"", ", \"pair\": \"rerank\""}) {
            String hits = given().contentType(ContentType.JSON).body(query.formatted(pair)).post("/v1/search").then()
                    .statusCode(200).extract().asString();
            org.junit.jupiter.api.Assertions.assertFalse(hits.contains("\"axolotl\""), pair + ": " + hits);
        }
        String stream = given().contentType(ContentType.JSON).accept("text/event-stream").body(query.formatted(""))
                .post("/v1/search/stream").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(stream.contains("\"axolotl\""), stream);
        given().delete("/v1/documents/axolotl").then().statusCode(404).body("error", equalTo("NOT_FOUND"))
                .body("message", containsString("axolotl"));
        org.junit.jupiter.api.Assertions.assertEquals(size - 1, corpusSize());
    }

    @Test
    void ndjsonIsAccepted() {
        given().contentType("application/x-ndjson")
                .body(("{\"id\": \"nd-1\", \"text\": \"Glaciers carve U-shaped valleys.\"}\n"
                        + "{\"id\": \"nd-2\", \"text\": \"Fjords are drowned glacial valleys.\", \"metadata\": {\"k\": \"v\"}}\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/documents")
                .then().statusCode(200).body("ingested", equalTo(2));
        given().get("/v1/documents/nd-2").then().statusCode(200).body("metadata.k", equalTo("v"));
    }

    @Test
    void duplicateIdsInOneBatchAreRejectedAndNothingIsWritten() {
        given().contentType(ContentType.JSON)
                .body("[{\"id\": \"dup-new\", \"text\": \"one\"}, {\"id\": \"dup\", \"text\": \"a\"}, {\"id\": \"dup\", \"text\": \"b\"}]")
                .post("/v1/documents")
                .then().statusCode(400)
                .body("error", equalTo("INVALID_REQUEST"))
                .body("message", containsString("documents[2].id 'dup' appears more than once"));
        given().get("/v1/documents/dup-new").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void aDocumentWithoutTextIsRejectedByPositionAndNothingIsWritten() {
        given().contentType(ContentType.JSON)
                .body("[{\"id\": \"ok-1\", \"text\": \"fine\"}, {\"id\": \"no-text\", \"title\": \"t\"}]")
                .post("/v1/documents")
                .then().statusCode(400)
                .body("message", equalTo("documents[1].text is required"));
        given().get("/v1/documents/ok-1").then().statusCode(404);
        given().contentType("application/x-ndjson")
                .body("{\"id\": \"ok-2\", \"text\": \"fine\"}\n{\"id\": \"blank\", \"text\": \"   \"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/documents")
                .then().statusCode(400)
                .body("message", containsString("line 2"));
        given().get("/v1/documents/ok-2").then().statusCode(404);
    }

    @Test
    void wrongTypesMalformedBodiesAndTooManyDocumentsAreRejected() {
        given().contentType(ContentType.JSON).body("[{\"id\": 7, \"text\": \"x\"}]").post("/v1/documents")
                .then().statusCode(400).body("message", equalTo("documents[0].id must be a string, was number"));
        given().contentType(ContentType.JSON).body("{\"id\": \"x\", \"text\": \"x\"}").post("/v1/documents")
                .then().statusCode(400).body("message", containsString("JSON array"));
        given().contentType(ContentType.JSON).body("[{\"id\": \"x\"").post("/v1/documents")
                .then().statusCode(400).body("message", containsString("malformed JSON"));
        given().contentType(ContentType.JSON).body("[{\"id\": \"m\", \"text\": \"x\", \"metadata\": [1]}]").post("/v1/documents")
                .then().statusCode(400).body("message", containsString("metadata must be a JSON object"));
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\": \"many-").append(i).append("\", \"text\": \"t\"}");
        }
        given().contentType(ContentType.JSON).body(many.append("]").toString()).post("/v1/documents")
                .then().statusCode(400).body("message", containsString("at most 50 documents"));
        given().get("/v1/documents/many-0").then().statusCode(404);
    }
}
