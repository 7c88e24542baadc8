package dev.calibrate.app.graphql.cost;

import dev.calibrate.app.graphql.GraphQlArguments;
import dev.calibrate.app.graphql.paging.Connection;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.util.List;

/**
 * What a document costs before it runs, as Shopify counts: an object is 1, a connection 2 plus the nodes
 * it asks for ({@code first} or {@code last}, default 50), and what each node selects counts once per
 * node. Scalars are free; a field with a heavier read costs more of its own ({@link FieldWeights}). {@code products(first: 100) { edges { node { sku prices { amount } } } } }
 * is 2 + 100 + 100 × 1 = 202. A connection filtered by {@code query} costs at least
 * {@value #FILTERED_MINIMUM}: its match may scan the whole catalog however few nodes it answers; so does one
 * given a filter no index serves ({@link FieldWeights#scans}: the audit log's actor, from and to).
 */
final class QueryCost {

    /** The least a {@code query}-filtered connection costs, whatever its page size. */
    static final long FILTERED_MINIMUM = 10;
    /** What every connection has; anything else a connection answers costs as any object field. */
    static final java.util.Set<String> CONNECTION_FIELDS = java.util.Set.of("edges", "nodes", "pageInfo");

    private QueryCost() {
    }

    static long of(ExecutableNormalizedOperation operation, GraphQLSchema schema) {
        return sum(operation.getTopLevelFields(), schema);
    }

    private static long cost(ExecutableNormalizedField field, GraphQLSchema schema) {
        GraphQLType type = GraphQLTypeUtil.unwrapAll(field.getType(schema));
        if (!(type instanceof GraphQLObjectType object)) {
            return 0;
        }
        if (!object.getName().endsWith("Connection")) {
            return FieldWeights.of(field) + sum(field.getChildren(), schema);
        }
        long nodes = pageSize(field);
        long perNode = 0;
        long ownFields = 0;
        for (ExecutableNormalizedField child : field.getChildren()) {
            if (!CONNECTION_FIELDS.contains(child.getFieldName())) {
                // an object of the connection's own, such as the price position's summary: once, not per node
                ownFields += cost(child, schema);
            }
            if (child.getFieldName().equals("nodes")) {
                perNode += sum(child.getChildren(), schema);
            } else if (child.getFieldName().equals("edges")) {
                for (ExecutableNormalizedField edgeField : child.getChildren()) {
                    if (edgeField.getFieldName().equals("node")) {
                        perNode += sum(edgeField.getChildren(), schema);
                    }
                }
            }
        }
        long total = 2 + nodes + nodes * perNode + ownFields;
        Object query = field.getResolvedArguments().get("query");
        boolean filtered = query instanceof String text && !text.isBlank() || FieldWeights.scans(field);
        return filtered ? Math.max(total, FILTERED_MINIMUM) : total;
    }

    private static long pageSize(ExecutableNormalizedField connection) {
        Object first = connection.getResolvedArguments().get("first");
        Object last = connection.getResolvedArguments().get("last");
        Object size = first != null ? first : last;
        // a size over the limit is refused by the resolver; priced at the limit meanwhile
        return size instanceof Number number
                ? Math.max(0, Math.min(number.longValue(), GraphQlArguments.MAX_PAGE)) : GraphQlArguments.DEFAULT_PAGE;
    }

    private static long sum(List<ExecutableNormalizedField> fields, GraphQLSchema schema) {
        long total = 0;
        for (ExecutableNormalizedField field : fields) {
            total += cost(field, schema);
        }
        return total;
    }
}
