package dev.calibrate.clients;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * Writes the TypeScript of the events' payloads from their JSON Schemas (draft 2020-12): one interface
 * per event, named like the event, and a union keyed by the event's type name, as the audit endpoints
 * answer it ({@code {"type": "PriceChangeApproved", "payload": {…}}}).
 * <p>
 * openapi-generator reads OpenAPI documents, not a folder of standalone schemas with their own
 * {@code $defs}, hence this small writer. Each {@code $defs} entry is local to its schema (two events'
 * {@code money} may allow different amounts), so a reference is written out where it is used rather
 * than shared by name. Keywords that only narrow values TypeScript cannot express (patterns, bounds,
 * formats, {@code if}/{@code then}) are left out; a keyword that would change the shape and that this
 * writer does not know fails the generation, so a new construct in a schema is never typed wrongly in silence.
 */
final class EventTypeScript {

    private static final Set<String> NARROWING_ONLY = Set.of(
            "$schema", "$id", "$defs", "title", "description", "format", "pattern", "minLength", "maxLength",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
            "uniqueItems", "minProperties", "maxProperties", "propertyNames", "if", "then", "else", "default",
            "examples", "deprecated", "readOnly", "writeOnly", "$comment");
    private static final Set<String> SHAPING = Set.of(
            "$ref", "type", "enum", "const", "oneOf", "anyOf", "properties", "required", "additionalProperties",
            "items");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final String INDENT = "  ";

    private EventTypeScript() {
    }

    /** {@code events.ts}: the payload of every event in {@code schemasByEvent}, whose keys are the events' type names. */
    static String write(SortedMap<String, JsonNode> schemasByEvent) {
        StringBuilder ts = new StringBuilder();
        ts.append("""
                /*
                 * Calibrate's event payloads, generated from the events' JSON Schemas
                 * (schemas/src/main/resources/schemas/events) by the clients module's test. Do not edit:
                 * regenerate (clients/typescript/README.md).
                 */

                """);
        for (Map.Entry<String, JsonNode> event : schemasByEvent.entrySet()) {
            ts.append(interfaceOf(event.getKey(), event.getValue())).append('\n');
        }
        ts.append("/** Every event's payload, by the event's type name. */\n");
        ts.append("export interface CalibrateEventPayloads {\n");
        for (String name : schemasByEvent.keySet()) {
            ts.append(INDENT).append(name).append(": ").append(name).append(";\n");
        }
        ts.append("}\n\n");
        ts.append("/** The type name of an event, as stored events and the audit endpoints name it. */\n");
        ts.append("export type CalibrateEventType = keyof CalibrateEventPayloads;\n\n");
        ts.append("/** An event as its type name and its payload: a switch on `type` narrows the payload. */\n");
        ts.append("export type CalibrateEvent = {\n");
        ts.append(INDENT).append("[T in CalibrateEventType]: { type: T; payload: CalibrateEventPayloads[T] };\n");
        ts.append("}[CalibrateEventType];\n");
        return ts.toString();
    }

    /** {@code export interface <name> {…}} for one event's schema, documented with its description and {@code $id}. */
    static String interfaceOf(String name, JsonNode schema) {
        if (!"object".equals(schema.path("type").asText()) || !schema.has("properties")) {
            throw new IllegalArgumentException(name + ": an event's schema must be an object with properties");
        }
        List<String> doc = new ArrayList<>();
        if (schema.hasNonNull("description")) {
            doc.add(schema.get("description").asText());
        }
        if (schema.hasNonNull("$id")) {
            doc.add("");
            doc.add("Schema: " + schema.get("$id").asText());
        }
        return comment(doc, "") + "export interface " + name + " " + new Writer(name, schema).type(schema, "") + "\n";
    }

    /** Renders the schemas inside one root schema, whose {@code $defs} its references point into. */
    private record Writer(String name, JsonNode root) {

        String type(JsonNode schema, String indent) {
            checkKeywords(schema);
            if (schema.has("$ref")) {
                return type(resolve(schema.get("$ref").asText()), indent);
            }
            if (schema.has("const")) {
                return literal(schema.get("const"));
            }
            if (schema.has("enum")) {
                List<String> literals = new ArrayList<>();
                schema.get("enum").forEach(value -> literals.add(literal(value)));
                return String.join(" | ", literals);
            }
            for (String union : List.of("oneOf", "anyOf")) {
                if (schema.has(union)) {
                    List<String> alternatives = new ArrayList<>();
                    schema.get(union).forEach(alternative -> alternatives.add(type(alternative, indent)));
                    return String.join(" | ", alternatives);
                }
            }
            JsonNode type = schema.path("type");
            if (type.isArray()) {
                List<String> alternatives = new ArrayList<>();
                type.forEach(single -> alternatives.add(typeNamed(single.asText(), schema, indent)));
                return String.join(" | ", alternatives);
            }
            if (type.isMissingNode()) {
                return schema.has("properties") ? object(schema, indent) : "unknown";
            }
            return typeNamed(type.asText(), schema, indent);
        }

        private String typeNamed(String type, JsonNode schema, String indent) {
            return switch (type) {
                case "string" -> "string";
                case "integer", "number" -> "number";
                case "boolean" -> "boolean";
                case "null" -> "null";
                case "array" -> "Array<" + (schema.has("items") ? type(schema.get("items"), indent) : "unknown") + ">";
                case "object" -> object(schema, indent);
                default -> throw new IllegalArgumentException(name + ": unknown type " + type);
            };
        }

        private String object(JsonNode schema, String indent) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            String inner = indent + INDENT;
            if (properties.isEmpty()) {
                if (additional.isBoolean() && !additional.asBoolean()) {
                    return "Record<string, never>";
                }
                String values = additional.isObject() ? type(additional, inner) : "unknown";
                return values.contains("\n")
                        ? "{\n" + inner + "[key: string]: " + values + ";\n" + indent + "}"
                        : "{ [key: string]: " + values + " }";
            }
            Set<String> required = new HashSet<>();
            schema.path("required").forEach(field -> required.add(field.asText()));
            StringBuilder ts = new StringBuilder("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                ts.append(comment(descriptionOf(property.getValue()), inner));
                ts.append(inner).append(propertyName(property.getKey()))
                        .append(required.contains(property.getKey()) ? ": " : "?: ")
                        .append(type(property.getValue(), inner)).append(";\n");
            }
            // a schema that does not close the object allows more properties than it names
            if (!(additional.isBoolean() && !additional.asBoolean())) {
                ts.append(inner).append("[key: string]: unknown;\n");
            }
            return ts.append(indent).append('}').toString();
        }

        /** A property's own description, or else that of the definition it refers to. */
        private List<String> descriptionOf(JsonNode schema) {
            if (schema.hasNonNull("description")) {
                return List.of(schema.get("description").asText());
            }
            return schema.has("$ref") ? descriptionOf(resolve(schema.get("$ref").asText())) : List.of();
        }

        private JsonNode resolve(String ref) {
            String prefix = "#/$defs/";
            JsonNode target = ref.startsWith(prefix) ? root.path("$defs").path(ref.substring(prefix.length())) : null;
            if (target == null || target.isMissingNode()) {
                throw new IllegalArgumentException(name + ": cannot resolve $ref " + ref
                        + " (only this schema's own #/$defs/… are followed)");
            }
            return target;
        }

        private void checkKeywords(JsonNode schema) {
            if (!schema.isObject()) {
                throw new IllegalArgumentException(name + ": a schema must be an object, got " + schema);
            }
            schema.fieldNames().forEachRemaining(keyword -> {
                if (!SHAPING.contains(keyword) && !NARROWING_ONLY.contains(keyword)) {
                    throw new IllegalArgumentException(name + ": keyword " + keyword
                            + " is not supported by the TypeScript writer (EventTypeScript)");
                }
            });
        }
    }

    private static String literal(JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean() || value.isNull()) {
            return value.toString();
        }
        throw new IllegalArgumentException("only scalar enum and const values have a TypeScript literal: " + value);
    }

    private static String propertyName(String name) {
        return IDENTIFIER.matcher(name).matches() ? name : "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String comment(List<String> lines, String indent) {
        if (lines.isEmpty()) {
            return "";
        }
        if (lines.size() == 1) {
            return indent + "/** " + escapeComment(lines.get(0)) + " */\n";
        }
        StringBuilder ts = new StringBuilder(indent).append("/**\n");
        for (String line : lines) {
            ts.append(indent).append(" *").append(line.isEmpty() ? "" : " " + escapeComment(line)).append('\n');
        }
        return ts.append(indent).append(" */\n").toString();
    }

    private static String escapeComment(String text) {
        return text.replace("*/", "*\\/");
    }
}
