package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.calibrate.schemas.RequestSchema;
import dev.calibrate.schemas.SchemaRegistry;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request body's JSON Schema as OpenAPI components: the schema itself under the record's name and
 * each of its {@code $defs} beside it as {@code <Schema>.<def>}, with the {@code $ref}s rewritten to
 * match. {@code $schema} and {@code $id} go (the document is the context now); descriptions stay, so
 * the body is described once, in the schema that also validates it.
 */
public final class RequestBodySchemas {

    private static final String DEFS = "#/$defs/";
    private static final String COMPONENTS = "#/components/schemas/";

    private RequestBodySchemas() {
    }

    /** The components for a record annotated {@link RequestSchema}, keyed by component name. */
    public static Map<String, JsonNode> components(SchemaRegistry registry, Class<?> record) {
        String name = record.getAnnotation(RequestSchema.class).value();
        String version = registry.latest(name)
                .orElseThrow(() -> new IllegalStateException(record.getName() + " names no schema " + name))
                .version();
        return components(record.getSimpleName(), registry.document(name, version));
    }

    public static Map<String, JsonNode> components(String component, JsonNode jsonSchema) {
        ObjectNode schema = jsonSchema.deepCopy();
        schema.remove("$schema");
        schema.remove("$id");
        JsonNode defs = schema.remove("$defs");
        Map<String, JsonNode> components = new LinkedHashMap<>();
        components.put(component, rewriteRefs(schema, component));
        if (defs != null) {
            defs.fields().forEachRemaining(def ->
                    components.put(component + "." + def.getKey(), rewriteRefs(def.getValue(), component)));
        }
        return components;
    }

    private static JsonNode rewriteRefs(JsonNode node, String component) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if ("$ref".equals(field.getKey()) && field.getValue().asText().startsWith(DEFS)) {
                    field.setValue(TextNode.valueOf(COMPONENTS + component + "."
                            + field.getValue().asText().substring(DEFS.length())));
                } else {
                    rewriteRefs(field.getValue(), component);
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> rewriteRefs(element, component));
        }
        return node;
    }
}
