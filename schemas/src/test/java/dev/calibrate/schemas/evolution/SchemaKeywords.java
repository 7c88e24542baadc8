package dev.calibrate.schemas.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reading JSON Schema (draft 2020-12) keywords as {@link SchemaCompatibility} compares them. */
final class SchemaKeywords {

    /** Annotations: they change no document's validity, so changing them needs only a patch version. */
    static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description",
            "examples", "default", "deprecated", "readOnly", "writeOnly");
    /** Keywords whose value maps names to schemas. */
    private static final Set<String> NAMED_SCHEMAS = Set.of("properties", "$defs", "patternProperties",
            "dependentSchemas");
    /** Keywords whose value is instance data, not a schema. */
    private static final Set<String> VALUES = Set.of("enum", "const");
    private static final List<String> ANY_TYPE = List.of("array", "boolean", "null", "number", "object", "string");

    private SchemaKeywords() {
    }

    /** A schema with {@code $ref} beside other keywords applies both (2020-12): the referenced one and its siblings. */
    static JsonNode merged(JsonNode schema, JsonNode root) {
        if (!schema.has("$ref")) {
            return schema;
        }
        JsonNode target = resolve(root, schema.get("$ref").asText());
        if (!target.isObject() || schema.size() == 1) {
            return target;
        }
        ObjectNode merged = ((ObjectNode) target).deepCopy();
        schema.fields().forEachRemaining(field -> {
            if (!"$ref".equals(field.getKey())) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    static JsonNode resolve(JsonNode root, String ref) {
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("only local $refs are supported, not " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points nowhere");
        }
        return target;
    }

    static Set<String> types(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return new LinkedHashSet<>(ANY_TYPE);
        }
        return type.isArray() ? strings(type) : Set.of(type.asText());
    }

    static Set<JsonNode> allowedValues(JsonNode schema) {
        if (schema.has("const")) {
            return Set.of(schema.get("const"));
        }
        if (schema.has("enum")) {
            Set<JsonNode> values = new LinkedHashSet<>();
            schema.get("enum").forEach(values::add);
            return values;
        }
        return null;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static boolean isTrue(JsonNode schema) {
        return schema.isBoolean() && schema.booleanValue();
    }

    static boolean isFalse(JsonNode schema) {
        return schema.isBoolean() && !schema.booleanValue();
    }

    /** The schema without its annotations; the names under {@code properties} and {@code $defs} are data, and stay. */
    static JsonNode withoutAnnotations(JsonNode schema) {
        if (schema.isArray()) {
            ArrayNode copy = schema.deepCopy();
            for (int i = 0; i < copy.size(); i++) {
                copy.set(i, withoutAnnotations(copy.get(i)));
            }
            return copy;
        }
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode copy = schema.deepCopy();
        copy.remove(ANNOTATIONS);
        copy.fields().forEachRemaining(field -> {
            if (NAMED_SCHEMAS.contains(field.getKey())) {
                field.getValue().fields().forEachRemaining(named -> named.setValue(withoutAnnotations(named.getValue())));
            } else if (!VALUES.contains(field.getKey())) {
                field.setValue(withoutAnnotations(field.getValue()));
            }
        });
        return copy;
    }
}
