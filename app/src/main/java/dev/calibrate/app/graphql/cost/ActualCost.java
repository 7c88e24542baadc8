package dev.calibrate.app.graphql.cost;

import dev.calibrate.app.graphql.paging.Connection;

import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.List;
import java.util.Map;

/**
 * What a document cost by what it answered ({@code extensions.cost.actualQueryCost}), counted as
 * {@link QueryCost} counts but with the nodes each connection returned instead of the nodes it asked for,
 * and nothing for an object that answered null (not found, or FORBIDDEN). Never more than the requested
 * cost: a list of objects (a product's prices) costs 1 however long, with what its largest element selects.
 */
final class ActualCost {

    private ActualCost() {
    }

    static long of(ExecutableNormalizedOperation operation, GraphQLSchema schema, Object data) {
        return data instanceof Map<?, ?> map ? sum(operation.getTopLevelFields(), schema, map) : 0;
    }

    private static long sum(List<ExecutableNormalizedField> fields, GraphQLSchema schema, Map<?, ?> data) {
        long total = 0;
        for (ExecutableNormalizedField field : fields) {
            total += cost(field, schema, data.get(field.getResultKey()));
        }
        return total;
    }

    private static long cost(ExecutableNormalizedField field, GraphQLSchema schema, Object value) {
        GraphQLType type = GraphQLTypeUtil.unwrapAll(field.getType(schema));
        if (!(type instanceof GraphQLObjectType object) || value == null) {
            return 0;
        }
        if (!object.getName().endsWith("Connection")) {
            return FieldWeights.of(field) + children(field.getChildren(), schema, value);
        }
        if (!(value instanceof Map<?, ?> connection)) {
            return 0;
        }
        long nodes = 0;
        long perNodes = 0;
        long ownFields = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!QueryCost.CONNECTION_FIELDS.contains(child.getFieldName())) {
                ownFields += cost(child, schema, connection.get(child.getResultKey()));
            }
            Object list = connection.get(child.getResultKey());
            if (!(list instanceof List<?> elements)) {
                continue;
            }
            nodes = Math.max(nodes, elements.size());
            for (Object element : elements) {
                if (!(element instanceof Map<?, ?> map)) {
                    continue;
                }
                if (child.getFieldName().equals("nodes")) {
                    perNodes += sum(child.getChildren(), schema, map);
                } else if (child.getFieldName().equals("edges")) {
                    for (ExecutableNormalizedField edgeField : child.getChildren()) {
                        if (edgeField.getFieldName().equals("node") && map.get(edgeField.getResultKey()) instanceof Map<?, ?> node) {
                            perNodes += sum(edgeField.getChildren(), schema, node);
                        }
                    }
                }
            }
        }
        return 2 + nodes + perNodes + ownFields;
    }

    /** What an object's (or a list of objects') selections cost: the most any one element's do. */
    private static long children(List<ExecutableNormalizedField> fields, GraphQLSchema schema, Object value) {
        if (value instanceof Map<?, ?> map) {
            return sum(fields, schema, map);
        }
        long most = 0;
        if (value instanceof List<?> elements) {
            for (Object element : elements) {
                most = Math.max(most, children(fields, schema, element));
            }
        }
        return most;
    }
}
