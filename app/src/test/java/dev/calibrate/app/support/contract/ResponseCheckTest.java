package dev.calibrate.app.support.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract filter's judgement of one response, on a document small enough to read. */
class ResponseCheckTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final OpenApiDocument document = new OpenApiDocument(read("""
            {"openapi": "3.1.0",
             "paths": {
               "/api/v1/things/{id}": {"get": {"operationId": "getThing", "responses": {
                 "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                 "204": {"description": "nothing to say"},
                 "404": {"content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}},
               "/api/v1/things:batch": {"post": {"operationId": "batchThings", "responses": {"202": {}}}}},
             "components": {"schemas": {
               "Thing": {"type": "object", "required": ["id", "price"],
                         "properties": {"id": {"type": "string"}, "price": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]{2}$"}}},
               "Problem": {"type": "object", "required": ["status"], "properties": {"status": {"type": "integer"}}}}}}
            """));
    private final ResponseCheck check = new ResponseCheck(mapper);
    private final OpenApiDocument.Operation getThing = document.match("GET", "/api/v1/things/42").orElseThrow();

    @Test
    void aRequestReachesTheOperationOfItsMethodAndPath() {
        assertThat(getThing.id()).isEqualTo("getThing");
        assertThat(document.match("POST", "/api/v1/things:batch")).map(OpenApiDocument.Operation::id)
                .contains("batchThings");
        assertThat(document.match("DELETE", "/api/v1/things/42")).isEmpty();
        assertThat(document.match("GET", "/api/v1/others/42")).isEmpty();
    }

    @Test
    void aDocumentedAnswerPasses() {
        assertThat(violations(200, "application/json", "{\"id\": \"42\", \"price\": \"19.99\"}")).isEmpty();
        assertThat(violations(404, "application/problem+json", "{\"status\": 404, \"detail\": \"no\"}")).isEmpty();
        assertThat(violations(204, null, "")).isEmpty();
    }

    @Test
    void anUndocumentedStatusIsAViolation() {
        assertThat(violations(409, "application/problem+json", "{\"status\": 409}"))
                .containsExactly("the status is not documented (documented: [200, 204, 404])");
    }

    @Test
    void aBodyThatBreaksItsSchemaIsAViolationNamingWhere() {
        assertThat(violations(200, "application/json", "{\"id\": \"42\", \"price\": 19.99}"))
                .singleElement().asString().startsWith("the body breaks its schema: ").contains("price");
        assertThat(violations(200, "application/json", "{\"id\": \"42\"}"))
                .singleElement().asString().contains("price");
    }

    @Test
    void anUndocumentedContentTypeIsAViolation() {
        assertThat(violations(200, "text/plain", "42"))
                .containsExactly("content type text/plain is not documented (documented: [application/json])");
        assertThat(violations(200, null, "{}")).containsExactly("it has a body without a content type");
    }

    @Test
    void aBodyWhereNoneIsDocumentedIsAViolation() {
        assertThat(violations(204, "application/json", "{}")).containsExactly("it has a body the document does not describe");
    }

    @Test
    void aBodyThatIsNotJsonIsAViolation() {
        assertThat(violations(200, "application/json", "{\"id\": ")).singleElement().asString()
                .startsWith("the body is not JSON");
    }

    private java.util.List<String> violations(int status, String contentType, String body) {
        return check.violations(document, getThing, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
