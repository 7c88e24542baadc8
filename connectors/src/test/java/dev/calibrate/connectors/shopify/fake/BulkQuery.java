package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the inner query of {@code bulkOperationRunQuery} over the whole shop and produces its JSONL:
 * one line per node, nested connections' nodes on their own lines carrying {@code __parentId}.
 * As in Shopify, a child line always comes after its parent's line but not always right after it
 * (the fake defers some children past the next parent on purpose, seeded), so readers must not
 * assume adjacency.
 */
final class BulkQuery {

    /** Shopify's limits on bulk queries. */
    static final int MAX_CONNECTIONS = 5;
    static final int MAX_NESTING = 2;

    /** One JSONL line; {@code root} when it has no {@code __parentId}. */
    record Line(String json, boolean root) {
    }

    private BulkQuery() {
    }

    /** What makes {@code operation} unacceptable as a bulk query; empty when it is fine. */
    static List<String> problems(OperationDefinition operation) {
        List<String> problems = new ArrayList<>();
        if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
            problems.add("Bulk queries must be queries, not " + operation.getOperation().name().toLowerCase());
            return problems;
        }
        GraphQLSchema schema = GraphQlSchemaCheck.schema();
        List<Field> roots = operation.getSelectionSet().getSelectionsOfType(Field.class);
        if (roots.size() != 1 || !isConnection(schema, schema.getQueryType(), roots.get(0))) {
            problems.add("Bulk queries must contain exactly one top-level connection field");
            return problems;
        }
        int[] connections = {0};
        check(schema, schema.getQueryType(), roots.get(0), 0, connections, problems);
        if (connections[0] > MAX_CONNECTIONS) {
            problems.add("Bulk queries cannot contain more than " + MAX_CONNECTIONS + " connections");
        }
        return problems;
    }

    private static void check(GraphQLSchema schema, GraphQLFieldsContainer parent, Field field, int depth,
                              int[] connections, List<String> problems) {
        GraphQLFieldDefinition definition = parent.getFieldDefinition(field.getName());
        if (definition == null) {
            return;
        }
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        if (!(type instanceof GraphQLFieldsContainer container)) {
            return;
        }
        if (isConnection(schema, parent, field)) {
            connections[0]++;
            if (depth > MAX_NESTING) {
                problems.add("Bulk queries cannot contain connections with a nesting depth greater than " + MAX_NESTING);
            }
            GraphQLFieldsContainer nodeType = (GraphQLFieldsContainer) GraphQLTypeUtil.unwrapAll(
                    container.getFieldDefinition("nodes").getType());
            SelectionSet nodeSelection = nodeSelection(field);
            if (nodeSelection == null) {
                problems.add("The connection '" + field.getName() + "' must select 'edges { node { … } }' or 'nodes { … }'");
                return;
            }
            boolean selectsId = nodeSelection.getSelectionsOfType(Field.class).stream()
                    .anyMatch(f -> f.getName().equals("id"));
            for (Field child : nodeSelection.getSelectionsOfType(Field.class)) {
                if (isConnection(schema, nodeType, child) && !selectsId) {
                    problems.add("The parent 'node' field for a nested connection must select the 'id' field. "
                            + "Connection field '" + child.getName() + "' was selected without it");
                }
                check(schema, nodeType, child, depth + 1, connections, problems);
            }
            return;
        }
        if (field.getSelectionSet() != null) {
            for (Field child : field.getSelectionSet().getSelectionsOfType(Field.class)) {
                check(schema, container, child, depth, connections, problems);
            }
        }
    }

    private static boolean isConnection(GraphQLSchema schema, GraphQLFieldsContainer parent, Field field) {
        GraphQLFieldDefinition definition = parent.getFieldDefinition(field.getName());
        return definition != null
                && GraphQLTypeUtil.simplePrint(GraphQLTypeUtil.unwrapAll(definition.getType())).endsWith("Connection");
    }

    /** The selection on each node of a connection field: {@code edges { node {…} }} or {@code nodes {…}}. */
    static SelectionSet nodeSelection(Field connectionField) {
        if (connectionField.getSelectionSet() == null) {
            return null;
        }
        for (Field field : connectionField.getSelectionSet().getSelectionsOfType(Field.class)) {
            if (field.getName().equals("nodes")) {
                return field.getSelectionSet();
            }
            if (field.getName().equals("edges") && field.getSelectionSet() != null) {
                for (Field inEdge : field.getSelectionSet().getSelectionsOfType(Field.class)) {
                    if (inEdge.getName().equals("node")) {
                        return inEdge.getSelectionSet();
                    }
                }
            }
        }
        return null;
    }

    /** Runs the query now, against the shop's current data. Call with the shop locked. */
    static List<Line> run(FakeShop shop, Document document, OperationDefinition operation, String apiVersion, long seed) {
        Execution execution = new Execution(document, Map.of(), true);
        AdminApi api = new AdminApi(shop, apiVersion, execution, "bulkOperationRunQuery");
        Field rootField = operation.getSelectionSet().getSelectionsOfType(Field.class).get(0);
        GqlObject connection = (GqlObject) api.queryRoot().get(rootField.getName(), execution.args(rootField));
        SelectionSet selection = nodeSelection(rootField);
        List<List<Line>> groups = new ArrayList<>();
        for (GqlObject node : connection.connectionNodes) {
            List<Line> group = new ArrayList<>();
            emit(execution, node, selection, null, group);
            groups.add(group);
        }
        return interleave(groups, new Random(seed));
    }

    private static void emit(Execution execution, GqlObject node, SelectionSet selection, String parentId,
                             List<Line> into) {
        List<Map.Entry<Field, GqlObject>> nested = new ArrayList<>();
        ObjectNode line = execution.renderObject(node, selection, (field, connection) -> nested.add(Map.entry(field, connection)));
        if (parentId != null) {
            line.put("__parentId", parentId);
        }
        into.add(new Line(line.toString(), parentId == null));
        String id = line.path("id").asText(null);
        for (Map.Entry<Field, GqlObject> entry : nested) {
            SelectionSet childSelection = nodeSelection(entry.getKey());
            for (GqlObject child : entry.getValue().connectionNodes) {
                emit(execution, child, childSelection, id, into);
            }
        }
    }

    /**
     * Concatenates the groups (a root line and its descendants), but about a third of the time
     * moves the tail of a group's children after the next root line. Order within a group is kept,
     * so every child still follows its parent.
     */
    private static List<Line> interleave(List<List<Line>> groups, Random random) {
        List<Line> lines = new ArrayList<>();
        List<Line> deferred = new ArrayList<>();
        for (List<Line> group : groups) {
            lines.add(group.get(0));
            lines.addAll(deferred);
            deferred = new ArrayList<>();
            int split = group.size();
            if (group.size() > 2 && random.nextInt(3) == 0) {
                split = 1 + random.nextInt(group.size() - 1);
            }
            lines.addAll(group.subList(1, split));
            deferred.addAll(group.subList(split, group.size()));
        }
        lines.addAll(deferred);
        return lines;
    }
}
