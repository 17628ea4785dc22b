package io.stagegate.api.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document lists every endpoint with an example; Swagger UI is served. */
@QuarkusTest
class OpenApiTest {
    @Test
    void everyEndpointIsDocumentedWithAnExample() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/search/stream"))
                .body(containsString("/v1/documents"))
                .body(containsString("/v1/embeddings"))
                .body(containsString("/v1/rerank"))
                .body(containsString("Washington, D.C."))
                .body(containsString("how do plants make energy from sunlight"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
