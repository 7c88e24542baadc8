package dev.calibrate.connectors.shopify.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Shopify last asked for a call ({@code requestedQueryCost}), which is what the throttle paces
 * the next such call for. A call's cost depends on its variables as well as its document: a
 * connection costs per node it asks for ({@code first}), {@code productVariantsBulkUpdate} a fifth of a
 * point per variant. Paced for the last call of its document alone, a call dearer than that one (five
 * variants after four) went out before the bucket held its cost and came back THROTTLED. So costs are
 * learned per document and shape of the variables (the size of each list, the value of each number);
 * a shape not seen yet is paced for its document's last cost. Shapes are bounded: past
 * {@link #MAX_SHAPES} new ones are paced by document only.
 */
final class CallCosts {

    /** What a document never called before is paced for. */
    static final double FIRST_CALL_GUESS = 10;
    /** Shapes remembered per node, over every shop and document. */
    static final int MAX_SHAPES = 1_000;

    private final Map<String, Double> byDocument = new ConcurrentHashMap<>();
    private final Map<String, Double> byShape = new ConcurrentHashMap<>();

    /** The cost to pace a call of {@code document} with {@code variables} for. */
    double expected(String document, Map<String, ?> variables) {
        Double cost = byShape.get(shape(document, variables));
        return cost != null ? cost : byDocument.getOrDefault(document, FIRST_CALL_GUESS);
    }

    /** Shopify asked {@code cost} for such a call. */
    void requested(String document, Map<String, ?> variables, double cost) {
        byDocument.put(document, cost);
        String shape = shape(document, variables);
        if (byShape.containsKey(shape) || byShape.size() < MAX_SHAPES) {
            byShape.put(shape, cost);
        }
    }

    /** The document and, per variable in name order, the size of a list or the value of a number. */
    static String shape(String document, Map<String, ?> variables) {
        StringBuilder shape = new StringBuilder(document).append('(');
        if (variables != null) {
            new TreeMap<String, Object>(variables).forEach((name, value) -> {
                if (value instanceof Collection<?> list) {
                    shape.append(name).append("=[").append(list.size()).append("],");
                } else if (value instanceof JsonNode node && node.isArray()) {
                    shape.append(name).append("=[").append(node.size()).append("],");
                } else if (value instanceof Number || value instanceof JsonNode node && node.isNumber()) {
                    shape.append(name).append('=').append(value).append(',');
                }
            });
        }
        return shape.append(')').toString();
    }
}
