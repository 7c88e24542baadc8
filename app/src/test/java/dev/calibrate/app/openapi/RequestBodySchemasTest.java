package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.schemas.SchemaRegistry;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodySchemasTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void defsMoveBesideTheSchemaAndTheirRefsFollow() throws Exception {
        JsonNode schema = mapper.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$id": "https://calibrate.dev/schemas/requests/Offer/1.0.0",
                 "description": "An offer",
                 "type": "object",
                 "properties": {"price": {"$ref": "#/$defs/money"},
                                "floors": {"type": "array", "items": {"$ref": "#/$defs/money"}}},
                 "$defs": {"money": {"type": "string", "description": "a decimal",
                                     "not": {"$ref": "#/$defs/zero"}},
                           "zero": {"const": "0"}}}
                """);

        Map<String, JsonNode> components = RequestBodySchemas.components("Offer", schema);

        assertThat(components).containsOnlyKeys("Offer", "Offer.money", "Offer.zero");
        assertThat(components.get("Offer")).isEqualTo(mapper.readTree("""
                {"description": "An offer", "type": "object",
                 "properties": {"price": {"$ref": "#/components/schemas/Offer.money"},
                                "floors": {"type": "array", "items": {"$ref": "#/components/schemas/Offer.money"}}}}
                """));
        assertThat(components.get("Offer.money")).isEqualTo(mapper.readTree("""
                {"type": "string", "description": "a decimal", "not": {"$ref": "#/components/schemas/Offer.zero"}}
                """));
        assertThat(schema.has("$defs")).as("the registry's document is left as it was").isTrue();
    }

    /**
     * The document model holds a schema as swagger's {@link Schema}; every keyword our request schemas
     * use (if/then, boolean schemas, patterns, bounds) must come through it unchanged, or the
     * document would describe a body other than the one validated.
     */
    @Test
    void everyRequestSchemaSurvivesTheDocumentModel() throws Exception {
        SchemaRegistry registry = SchemaRegistry.loadDefault();
        for (SchemaRegistry.SchemaInfo info : registry.list()) {
            if (!info.kind().equals("requests")) continue;
            Map<String, JsonNode> components =
                    RequestBodySchemas.components(info.name(), registry.document(info.name(), info.version()));
            for (Map.Entry<String, JsonNode> component : components.entrySet()) {
                Schema<?> model = Json31.mapper().convertValue(component.getValue(), Schema.class);
                JsonNode written = mapper.readTree(Json31.mapper().writeValueAsString(model));
                assertThat(SchemaComparison.normalized(written)).as(component.getKey())
                        .isEqualTo(SchemaComparison.normalized(mapper.readTree(component.getValue().toString())));
            }
        }
    }
}
