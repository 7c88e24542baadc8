package dev.calibrate.connectors.amazon.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real SP-API Swagger 2.0 models (copied byte for byte into {@code src/test/resources/amazon/}):
 * checks a body against one of a model's {@code definitions}. Swagger 2.0 definitions are JSON
 * Schema draft 4, so each check is the schema {@code {"$ref": "#/definitions/<name>", "definitions": …}}.
 */
public final class SpApiModels {

    /** The Listings Items API 2021-08-01 model. */
    public static final String LISTINGS = "amazon/listingsItems_2021-08-01.json";
    /** The Catalog Items API 2022-04-01 model. */
    public static final String CATALOG = "amazon/catalogItems_2022-04-01.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SpApiModels() {
    }

    /** What is wrong with {@code body} as a {@code definition} of {@code model}; empty when it is valid. */
    public static List<String> violations(String model, String definition, JsonNode body) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(model + "#" + definition, key -> schema(model, definition));
        return schema.validate(body).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema schema(String model, String definition) {
        JsonNode swagger = load(model);
        if (!swagger.path("definitions").has(definition)) {
            throw new IllegalArgumentException(model + " defines no " + definition);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$ref", "#/definitions/" + definition);
        root.set("definitions", swagger.get("definitions"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
    }

    private static JsonNode load(String model) {
        try (InputStream in = SpApiModels.class.getClassLoader().getResourceAsStream(model)) {
            if (in == null) {
                throw new IllegalArgumentException("no SP-API model " + model + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
