package dev.calibrate.app.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.schemas.SchemaRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/schemas}: the JSON Schemas of events and request bodies, for client authors. */
class SchemaEndpointTest extends IntegrationTest {

    private Api.TenantToken reader;

    @BeforeEach
    void tokenWithTheLeastScope() {
        reader = api.token(api.createTenant("Schema reader", "USD"), "catalog:read");
    }

    @Test
    void listsTheSchemasOfEveryEventAndRequestBody() {
        Api.Response response = api.get("/api/v1/schemas", reader.token());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode items = response.json().get("items");
        assertThat(items).extracting(i -> i.get("kind").asText() + "/" + i.get("name").asText()).contains(
                "events/ProductCreated", "events/ProductDetailsChanged", "events/ProductDeactivated",
                "events/ProductReactivated", "events/ProductPriceObserved", "events/TenantCreated",
                "events/ApiTokenIssued", "events/ApiTokenRevoked",
                "requests/ProductUpsert", "requests/ProductBatch", "requests/TenantCreate", "requests/TokenIssue");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(item.get("id").asText()).isEqualTo("https://calibrate.dev/schemas/"
                    + item.get("kind").asText() + "/" + item.get("name").asText() + "/" + item.get("version").asText());
        });
    }

    @Test
    void servesEveryListedSchema() {
        JsonNode items = api.get("/api/v1/schemas", reader.token()).json().get("items");
        List<String> served = new ArrayList<>();

        for (JsonNode item : items) {
            Api.Response schema = api.get("/api/v1/schemas/" + item.get("name").asText() + "/"
                    + item.get("version").asText(), reader.token());

            assertThat(schema.status()).isEqualTo(200);
            assertThat(schema.contentType()).startsWith("application/schema+json");
            JsonNode document = schema.json();
            assertThat(document.get("$id").asText()).isEqualTo(item.get("id").asText());
            assertThat(document.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            served.add(document.get("title").asText());
        }
        assertThat(served).hasSameSizeAs(items).contains("ProductCreated", "ProductUpsert");
    }

    @Test
    void servesEachDocumentAsTheRegistryHoldsIt() {
        SchemaRegistry registry = SchemaRegistry.loadDefault();

        for (JsonNode item : api.get("/api/v1/schemas", reader.token()).json().get("items")) {
            String name = item.get("name").asText();
            String version = item.get("version").asText();
            Api.Response schema = api.get("/api/v1/schemas/" + name + "/" + version, reader.token());

            assertThat(schema.json()).as(name + " " + version).isEqualTo(registry.document(name, version));
        }
    }

    @Test
    void aSchemaDocumentIsOnlyServedAsSchemaJson() {
        assertProblem(api.get("/api/v1/schemas/ProductCreated/1.0.0", reader.token(), "Accept", "application/xml"),
                406, null);
        assertThat(api.get("/api/v1/schemas/ProductCreated/1.0.0", reader.token(), "Accept",
                "application/schema+json").status()).isEqualTo(200);
    }

    @Test
    void anUnknownSchemaIs404() {
        assertProblem(api.get("/api/v1/schemas/NoSuchEvent/1.0.0", reader.token()), 404, "not-found");
    }

    @Test
    void anUnknownVersionOfAKnownSchemaIs404() {
        assertProblem(api.get("/api/v1/schemas/ProductCreated/9.9.9", reader.token()), 404, "not-found");
    }

    @Test
    void schemasNeedATenantToken() {
        assertProblem(api.get("/api/v1/schemas", null), 401, "unauthorized");
        assertProblem(api.get("/api/v1/schemas/ProductCreated/1.0.0", null), 401, "unauthorized");
        assertProblem(api.get("/api/v1/schemas", api.adminToken()), 403, "forbidden");
    }
}
