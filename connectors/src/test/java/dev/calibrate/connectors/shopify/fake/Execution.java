package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLUnionType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders {@link GqlObject}s as JSON projected onto a query's selection sets (aliases, fragments,
 * {@code @skip}/{@code @include}, {@code __typename}), so responses carry exactly the selected
 * fields like real ones, and counts the actual query cost while doing so.
 */
final class Execution {

    /** Receives nested connections instead of rendering them inline (bulk queries put them on their own lines). */
    interface ConnectionSink {
        void accept(Field field, GqlObject connection);
    }

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
    private final Map<String, Object> variables;
    final boolean bulk;
    private int actualCost;
    private boolean costing = true;

    Execution(Document document, Map<String, Object> variables, boolean bulk) {
        this.schema = GraphQlSchemaCheck.schema();
        this.variables = variables;
        this.bulk = bulk;
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    }

    int actualCost() {
        return actualCost;
    }

    /** Adds to the actual cost (mutations cost a flat 10 whatever they return). */
    void charge(int points) {
        actualCost += points;
    }

    /** Renders without counting cost, for mutation payloads. */
    JsonNode renderUncosted(Object value, Field field) {
        boolean before = costing;
        costing = false;
        try {
            return render(value, field, null);
        } finally {
            costing = before;
        }
    }

    JsonNode render(Object value, Field field, ConnectionSink sink) {
        if (value == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (value instanceof GqlObject object) {
            return renderObject(object, field.getSelectionSet(), sink);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            list.forEach(item -> array.add(render(item, field, sink)));
            return array;
        }
        if (value instanceof String text) {
            return JsonNodeFactory.instance.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return JsonNodeFactory.instance.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return JsonNodeFactory.instance.numberNode(number);
        }
        if (value instanceof Long number) {
            return JsonNodeFactory.instance.numberNode(number);
        }
        if (value instanceof Number number) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(number.toString()));
        }
        if (value instanceof JsonNode json) {
            return json;
        }
        return JsonNodeFactory.instance.textNode(value.toString());
    }

    ObjectNode renderObject(GqlObject object, SelectionSet selectionSet, ConnectionSink sink) {
        if (costing) {
            actualCost += object.cost.points;
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (Field field : fields(selectionSet, object.typeName)) {
            String key = field.getAlias() != null ? field.getAlias() : field.getName();
            if (field.getName().equals("__typename")) {
                json.put(key, object.typeName);
                continue;
            }
            Object value = object.get(field.getName(), args(field));
            if (sink != null && value instanceof GqlObject nested && nested.cost == GqlObject.Cost.CONNECTION) {
                sink.accept(field, nested);
                continue;
            }
            json.set(key, render(value, field, sink));
        }
        return json;
    }

    /** The fields selected on an object of {@code typeName}, with fragments expanded. */
    List<Field> fields(SelectionSet selectionSet, String typeName) {
        List<Field> fields = new ArrayList<>();
        if (selectionSet != null) {
            collect(selectionSet, typeName, fields);
        }
        return fields;
    }

    private void collect(SelectionSet selectionSet, String typeName, List<Field> into) {
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                if (included(field.getDirectives())) {
                    into.add(field);
                }
            } else if (selection instanceof InlineFragment inline) {
                if (included(inline.getDirectives())
                        && (inline.getTypeCondition() == null || applies(inline.getTypeCondition().getName(), typeName))) {
                    collect(inline.getSelectionSet(), typeName, into);
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                if (included(spread.getDirectives()) && applies(fragment.getTypeCondition().getName(), typeName)) {
                    collect(fragment.getSelectionSet(), typeName, into);
                }
            }
        }
    }

    private boolean applies(String condition, String typeName) {
        if (condition.equals(typeName)) {
            return true;
        }
        GraphQLNamedType conditionType = (GraphQLNamedType) schema.getType(condition);
        if (conditionType instanceof GraphQLUnionType union) {
            return union.getTypes().stream().anyMatch(type -> type.getName().equals(typeName));
        }
        GraphQLObjectType objectType = schema.getObjectType(typeName);
        return objectType != null
                && objectType.getInterfaces().stream().anyMatch(type -> type.getName().equals(condition));
    }

    private boolean included(List<Directive> directives) {
        for (Directive directive : directives) {
            if (directive.getName().equals("skip") || directive.getName().equals("include")) {
                Object condition = value(directive.getArgument("if").getValue());
                if (Boolean.TRUE.equals(condition) == directive.getName().equals("skip")) {
                    return false;
                }
            }
        }
        return true;
    }

    GqlObject.Args args(Field field) {
        Map<String, Object> values = new LinkedHashMap<>();
        field.getArguments().forEach(argument -> values.put(argument.getName(), value(argument.getValue())));
        return new GqlObject.Args(values, bulk);
    }

    /** A literal or variable as plain Java: String, Integer/Long, BigDecimal, Boolean, List, Map or null. */
    Object value(Value<?> value) {
        if (value instanceof VariableReference reference) {
            return variables.get(reference.getName());
        }
        if (value instanceof StringValue string) {
            return string.getValue();
        }
        if (value instanceof IntValue integer) {
            BigInteger big = integer.getValue();
            return big.bitLength() < 32 ? (Object) big.intValue() : (Object) big.longValue();
        }
        if (value instanceof FloatValue decimal) {
            return decimal.getValue();
        }
        if (value instanceof BooleanValue bool) {
            return bool.isValue();
        }
        if (value instanceof EnumValue enumValue) {
            return enumValue.getName();
        }
        if (value instanceof NullValue || value == null) {
            return null;
        }
        if (value instanceof ArrayValue array) {
            List<Object> list = new ArrayList<>();
            array.getValues().forEach(item -> list.add(value(item)));
            return list;
        }
        if (value instanceof ObjectValue object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.getObjectFields().forEach(f -> map.put(f.getName(), value(f.getValue())));
            return map;
        }
        throw new Unsupported("the GraphQL value " + value);
    }
}
