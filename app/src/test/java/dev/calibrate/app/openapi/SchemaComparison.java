package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Schemas compared as JSON Schema reads them: {@code required} is a set, so its order does not count. */
final class SchemaComparison {

    private SchemaComparison() {
    }

    static JsonNode normalized(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        sortRequired(copy);
        return copy;
    }

    private static void sortRequired(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.get("required") instanceof ArrayNode required && allText(required)) {
                List<JsonNode> names = new ArrayList<>();
                required.forEach(names::add);
                names.sort(Comparator.comparing(JsonNode::asText));
                required.removeAll();
                required.addAll(names);
            }
            object.forEach(SchemaComparison::sortRequired);
        } else if (node.isArray()) {
            node.forEach(SchemaComparison::sortRequired);
        }
    }

    private static boolean allText(ArrayNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) return false;
        }
        return true;
    }
}
