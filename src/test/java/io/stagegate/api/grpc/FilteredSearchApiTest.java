package io.stagegate.api.grpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stagegate.api.grpc.v1.SearchRequest;
import io.stagegate.api.grpc.v1.StagegateGrpc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The filter through both transports, as a client sends it: same filter, same documents, clear errors. */
@QuarkusTest
class FilteredSearchApiTest {
    @GrpcClient("stagegate")
    StagegateGrpc.StagegateBlockingStub grpc;

    @BeforeEach
    void corpus() {
        StringBuilder docs = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            docs.append(i == 0 ? "" : ",").append("{\"id\": \"ship-").append(i).append("\", \"text\": \"A sailing ship ")
                    .append(i).append(" crossed the stormy ocean\", \"metadata\": {\"fleet\": \"")
                    .append(i % 3 == 0 ? "north" : "south").append("\", \"launched\": ").append(1900 + i * 10).append("}}");
        }
        given().contentType(ContentType.JSON).body(docs.append("]").toString()).post("/v1/documents").then().statusCode(200);
    }

    private static final String FILTER = "{\"and\": [{\"term\": {\"fleet\": \"north\"}}, "
            + "{\"range\": {\"launched\": {\"gte\": 1930}}}]}";

    @Test
    void httpAndGrpcReturnOnlyMatchingDocumentsAndTheSameOnes() throws Exception {
        List<String> http = given().contentType(ContentType.JSON)
                .body("{\"query\": \"sailing ship on a stormy ocean\", \"topN\": 10, \"filter\": " + FILTER + "}")
                .post("/v1/search").then().statusCode(200).extract().path("hits.id");
        assertEquals(Set.of("ship-3", "ship-6", "ship-9"), new HashSet<>(http), "north fleet from 1930: 3, 6, 9");
        Struct.Builder filter = Struct.newBuilder();
        JsonFormat.parser().merge(FILTER, filter);
        var response = grpc.search(SearchRequest.newBuilder().setQuery("sailing ship on a stormy ocean").setTopN(10)
                .setFilter(filter).build());
        assertEquals(http, response.getHitsList().stream().map(h -> h.getId()).toList());
        String stream = given().contentType(ContentType.JSON).accept("application/x-ndjson")
                .body("{\"query\": \"sailing ship\", \"topN\": 10, \"pair\": \"rerank\", \"filter\": {\"term\": {\"fleet\": \"north\"}}}")
                .post("/v1/search/stream").then().statusCode(200).extract().asString();
        assertTrue(stream.contains("ship-3") && !stream.contains("ship-1\""), stream);
    }

    @Test
    void deleteByFilterCountsFirstIsBoundedAndThenDeletesExactlyTheMatches() {
        String body = "{\"filter\": {\"and\": [{\"term\": {\"fleet\": \"south\"}}, {\"range\": {\"launched\": {\"lt\": 1950}}}]}%s}";
        given().contentType(ContentType.JSON).body(body.formatted(", \"dryRun\": true"))
                .post("/v1/admin/documents/delete-by-filter").then().statusCode(200).body("matched", equalTo(3))
                .body("deleted", equalTo(0));
        given().get("/v1/documents/ship-1").then().statusCode(200);
        given().contentType(ContentType.JSON).body(body.formatted(", \"max\": 2"))
                .post("/v1/admin/documents/delete-by-filter").then().statusCode(400)
                .body("message", containsString("more than 2 documents match the filter; nothing was deleted"));
        given().contentType(ContentType.JSON).body(body.formatted(""))
                .post("/v1/admin/documents/delete-by-filter").then().statusCode(200).body("matched", equalTo(3))
                .body("deleted", equalTo(3));
        for (String gone : List.of("ship-1", "ship-2", "ship-4")) {
            given().get("/v1/documents/" + gone).then().statusCode(404);
        }
        given().get("/v1/documents/ship-5").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"filter\": {\"term\": {\"fleet\": \"north\"}}, \"dryrun\": true}")
                .post("/v1/admin/documents/delete-by-filter").then().statusCode(400)
                .body("message", containsString("unknown field 'dryrun'"));
        given().contentType(ContentType.JSON).body("{}").post("/v1/admin/documents/delete-by-filter").then()
                .statusCode(400).body("message", containsString("filter is required"));
    }

    @Test
    void badFiltersAre400sAndInvalidArgumentNamingTheProblem() throws Exception {
        given().contentType(ContentType.JSON).body("{\"query\": \"ship\", \"filter\": {\"term\": {\"flet\": \"north\"}}}")
                .post("/v1/search").then().statusCode(400).body("message", containsString("'flet', which no document has"))
                .body("message", containsString("fleet=keyword"));
        given().contentType(ContentType.JSON).body("{\"query\": \"ship\", \"filter\": {\"match\": {\"fleet\": \"north\"}}}")
                .post("/v1/search").then().statusCode(400).body("message", containsString("unknown operator 'match'"));
        given().contentType(ContentType.JSON).body("{\"query\": \"ship\", \"filter\": {\"range\": {\"launched\": {\"gte\": \"old\"}}}}")
                .post("/v1/search").then().statusCode(400).body("message", containsString("'launched' (long) with 'old'"));
        given().contentType(ContentType.JSON)
                .body("[{\"id\": \"odd\", \"text\": \"x\", \"metadata\": {\"launched\": \"long ago\"}}]").post("/v1/documents")
                .then().statusCode(400).body("message", containsString("'launched' of document 'odd' is keyword"));
        given().get("/v1/documents/odd").then().statusCode(404);
        Struct.Builder filter = Struct.newBuilder();
        JsonFormat.parser().merge("{\"exists\": 1}", filter);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> grpc.search(SearchRequest.newBuilder().setQuery("ship").setFilter(filter).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("filter.exists must be a field name"), e.getMessage());
    }
}
