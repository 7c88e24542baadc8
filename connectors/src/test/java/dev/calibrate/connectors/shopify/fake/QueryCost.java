package dev.calibrate.connectors.shopify.fake;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The requested cost of a query, computed before running it the way Shopify documents it
 * (shopify.dev/docs/api/usage/limits#cost-calculation): scalars and enums 0, objects 1,
 * connections 2 plus {@code first} (or {@code last}) times the cost of one node,
 * {@code edges} and {@code pageInfo} free, every mutation 10, except that
 * {@code productVariantsBulkUpdate} and {@code productVariantsBulkCreate} add 0.2 per variant of their
 * input (Shopify's "dynamic complexity" of October 2025; whole points, rounded down). The actual cost
 * is the same sum over what was really returned; {@link Execution} counts it while rendering.
 */
final class QueryCost {

    /** Shopify refuses single queries above this requested cost. */
    static final int MAX_SINGLE_QUERY_COST = 1000;

    /** Cost of any mutation, whatever it selects. */
    static final int MUTATION_COST = 10;

    /** Mutations whose cost grows with their input: a fifth of a point per variant. */
    private static final java.util.Set<String> PER_VARIANT_MUTATIONS = java.util.Set.of("productVariantsBulkUpdate",
            "productVariantsBulkCreate");

    /** What one root field of a mutation costs, requested and actual alike. */
    static int mutationCost(Field field, GqlObject.Args args) {
        if (!PER_VARIANT_MUTATIONS.contains(field.getName())) {
            return MUTATION_COST;
        }
        List<Object> variants = args.list("variants");
        return MUTATION_COST + (variants == null ? 0 : variants.size() / 5);
    }

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments;
    private final Execution execution;

    private QueryCost(Document document, Execution execution) {
        this.schema = GraphQlSchemaCheck.schema();
        this.fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity()));
        this.execution = execution;
    }

    /** The requested cost of {@code operation}, with variables taken from {@code execution}. */
    static int requested(Document document, OperationDefinition operation, Execution execution) {
        QueryCost cost = new QueryCost(document, execution);
        if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
            return cost.selected(operation.getSelectionSet(), "Mutation").stream()
                    .mapToInt(selected -> mutationCost(selected.field(), execution.args(selected.field()))).sum();
        }
        return cost.of(operation.getSelectionSet(), cost.schema.getQueryType().getName());
    }

    private record Selected(Field field, String parentType) {
    }

    private int of(SelectionSet selectionSet, String parentType) {
        int sum = 0;
        for (Selected selected : selected(selectionSet, parentType)) {
            sum += of(selected);
        }
        return sum;
    }

    private int of(Selected selected) {
        Field field = selected.field();
        if (field.getName().startsWith("__")) {
            return 0;
        }
        GraphQLType parent = schema.getType(selected.parentType());
        if (!(parent instanceof GraphQLFieldsContainer container)) {
            return 0;
        }
        GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
        if (definition == null) {
            return 0;
        }
        GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
        String typeName = GraphQLTypeUtil.simplePrint(type);
        if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType || typeName.equals("PageInfo")) {
            return 0;
        }
        if (typeName.endsWith("Connection")) {
            GqlObject.Args args = execution.args(field);
            Integer size = args.integer("first") != null ? args.integer("first") : args.integer("last");
            return 2 + (size == null ? 0 : size) * nodeCost(field.getSelectionSet(), typeName);
        }
        int objectCost = 1 + of(field.getSelectionSet(), typeName);
        if (field.getName().equals("nodes") && isList(definition.getType())) {
            // nodes(ids:) returns one object per id
            List<Object> ids = execution.args(field).list("ids");
            return (ids == null ? 0 : ids.size()) * objectCost;
        }
        return objectCost;
    }

    private int nodeCost(SelectionSet connectionSelection, String connectionType) {
        int cost = 0;
        String edgeType = connectionType.replace("Connection", "Edge");
        String nodeType = nodeTypeOf(connectionType);
        for (Selected selected : selected(connectionSelection, connectionType)) {
            switch (selected.field().getName()) {
                case "nodes" -> cost += 1 + of(selected.field().getSelectionSet(), nodeType);
                case "edges" -> {
                    for (Selected inEdge : selected(selected.field().getSelectionSet(), edgeType)) {
                        if (inEdge.field().getName().equals("node")) {
                            cost += 1 + of(inEdge.field().getSelectionSet(), nodeType);
                        }
                    }
                }
                default -> {
                    // pageInfo and cursors are free
                }
            }
        }
        return cost;
    }

    private String nodeTypeOf(String connectionType) {
        GraphQLFieldsContainer connection = (GraphQLFieldsContainer) schema.getType(connectionType);
        GraphQLFieldDefinition nodes = connection.getFieldDefinition("nodes");
        return GraphQLTypeUtil.simplePrint(GraphQLTypeUtil.unwrapAll(nodes.getType()));
    }

    private static boolean isList(GraphQLType type) {
        GraphQLType inner = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
        return inner instanceof GraphQLList;
    }

    /** Every field selected, each with the type it is selected on (fragments of all types count). */
    private List<Selected> selected(SelectionSet selectionSet, String parentType) {
        List<Selected> result = new ArrayList<>();
        if (selectionSet == null) {
            return result;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                result.add(new Selected(field, parentType));
            } else if (selection instanceof InlineFragment inline) {
                String type = inline.getTypeCondition() == null ? parentType : inline.getTypeCondition().getName();
                result.addAll(selected(inline.getSelectionSet(), type));
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                result.addAll(selected(fragment.getSelectionSet(), fragment.getTypeCondition().getName()));
            }
        }
        return result;
    }
}
