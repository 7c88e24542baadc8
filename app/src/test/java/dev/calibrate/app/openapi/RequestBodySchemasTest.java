package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
}
