package dev.calibrate.clients;

import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a TypeScript type per named operation of the committed documents ({@link GraphQlOperations}), as
 * graphql-codegen's typescript-operations plugin does: {@code <Name>Query}, the answer's {@code data} following the
 * exact selection (aliases as keys, fragments merged, nullable fields {@code | null}, {@code __typename} a string
 * literal), {@code <Name>QueryVariables}, and {@code <Name>Document}, the text to post, typed with both. A fragment
 * has its own {@code <Name>Fragment}. Scalars map as graphql.ts maps them ({@link GraphQlTypeScript#SCALARS}).
 * <p>
 * One field a line, an object's fields between a line ending in {@code {} and one starting with {@code }}:
 * the app's GraphQlOperationsTest reads the types back in that form to check the server's answers against them.
 * What this writer does not know (an interface, a union, an input object, an enum, {@code @include}/{@code @skip})
 * fails the generation rather than being typed wrongly in silence.
 */
final class GraphQlOperationTypeScript {

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();

    private GraphQlOperationTypeScript(GraphQLSchema schema, Document document) {
        this.schema = schema;
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    }

    static String write(GraphQLSchema schema, Document document) {
        return new GraphQlOperationTypeScript(schema, document).write(document);
    }

    private String write(Document document) {
        StringBuilder out = new StringBuilder("""
                /* eslint-disable */
                // Generated from the GraphQL operations in clients/typescript/operations/*.graphql, validated against the
                // schema (schemas/graphql/calibrate.graphqls), by the clients module's TypeScriptClientTest: do not edit.
                // Per operation: <Name>Query (the answer's data, exactly as selected), <Name>QueryVariables and
                // <Name>Document (the text to post, typed with both).

                /** A document's text, carrying the types of its answer and of its variables. */
                export type TypedDocument<Result, Variables> = string & {
                  readonly __result?: Result;
                  readonly __variables?: Variables;
                };
                """);
        for (FragmentDefinition fragment : fragments.values()) {
            out.append("\nexport type ").append(fragment.getName()).append("Fragment = ");
            object(out, objectType(fragment.getTypeCondition().getName()), List.of(fragment.getSelectionSet()), "");
            out.append(";\n");
        }
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            String name = operation.getName() + "Query";
            out.append('\n');
            variables(out, name + "Variables", operation.getVariableDefinitions());
            out.append("\nexport type ").append(name).append(" = ");
            object(out, schema.getQueryType(), List.of(operation.getSelectionSet()), "");
            out.append(";\n\nexport const ").append(operation.getName()).append("Document = `")
                    .append(templateLiteral(documentText(operation))).append("` as TypedDocument<").append(name)
                    .append(", ").append(name).append("Variables>;\n");
        }
        return out.toString();
    }

    private void variables(StringBuilder out, String name, List<VariableDefinition> definitions) {
        if (definitions.isEmpty()) {
            out.append("export type ").append(name).append(" = Record<string, never>;\n");
            return;
        }
        out.append("export type ").append(name).append(" = {\n");
        for (VariableDefinition variable : definitions) {
            // a variable with a default may be left out; only a nullable one may be null
            boolean optional = !(variable.getType() instanceof NonNullType) || variable.getDefaultValue() != null;
            out.append("  ").append(variable.getName()).append(optional ? "?: " : ": ")
                    .append(inputType(variable.getType()));
            out.append(";\n");
        }
        out.append("};\n");
    }

    private String inputType(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return nonNullInputType(nonNull.getType());
        }
        return nonNullInputType(type) + " | null";
    }

    private String nonNullInputType(Type<?> type) {
        if (type instanceof ListType list) {
            return "Array<" + inputType(list.getType()) + ">";
        }
        String name = ((TypeName) type).getName();
        if (!(schema.getType(name) instanceof GraphQLScalarType)) {
            throw new IllegalStateException("the operations writer does not know the input type " + name
                    + ": teach GraphQlOperationTypeScript to write it");
        }
        return scalar(name);
    }

    /** The object's selected fields, one a line at indent + 2, between braces (the closing one at indent). */
    private void object(StringBuilder out, GraphQLObjectType type, List<SelectionSet> selections, String indent) {
        Map<String, List<Field>> fields = new LinkedHashMap<>();
        for (SelectionSet selection : selections) {
            collect(type, selection, fields);
        }
        out.append("{\n");
        for (Map.Entry<String, List<Field>> entry : fields.entrySet()) {
            Field field = entry.getValue().get(0);
            out.append(indent).append("  ").append(entry.getKey()).append(": ");
            if (field.getName().equals("__typename")) {
                out.append('\'').append(type.getName()).append('\'');
            } else {
                GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
                List<SelectionSet> subSelections = new ArrayList<>();
                entry.getValue().stream().map(Field::getSelectionSet).filter(s -> s != null).forEach(subSelections::add);
                output(out, definition.getType(), subSelections, indent + "  ");
            }
            out.append(";\n");
        }
        out.append(indent).append('}');
    }

    private void output(StringBuilder out, GraphQLOutputType type, List<SelectionSet> selections, String indent) {
        if (type instanceof GraphQLNonNull nonNull) {
            nonNullOutput(out, (GraphQLOutputType) nonNull.getWrappedType(), selections, indent);
            return;
        }
        nonNullOutput(out, type, selections, indent);
        out.append(" | null");
    }

    private void nonNullOutput(StringBuilder out, GraphQLOutputType type, List<SelectionSet> selections, String indent) {
        if (type instanceof GraphQLList list) {
            out.append("Array<");
            output(out, (GraphQLOutputType) list.getWrappedType(), selections, indent);
            out.append('>');
        } else if (type instanceof GraphQLScalarType scalar) {
            out.append(scalar(scalar.getName()));
        } else if (type instanceof GraphQLObjectType object) {
            object(out, object, selections, indent);
        } else {
            throw new IllegalStateException("the operations writer does not know " + type
                    + ": teach GraphQlOperationTypeScript to write it");
        }
    }

    /** The fields a selection asks of an object type, by response key, fragments merged in order. */
    private void collect(GraphQLObjectType type, SelectionSet selectionSet, Map<String, List<Field>> fields) {
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                refuseConditions(field.getDirectives().isEmpty(), field.getName());
                fields.computeIfAbsent(field.getResultKey(), key -> new ArrayList<>()).add(field);
            } else if (selection instanceof FragmentSpread spread) {
                refuseConditions(spread.getDirectives().isEmpty(), "..." + spread.getName());
                FragmentDefinition fragment = fragments.get(spread.getName());
                sameType(type, fragment.getTypeCondition());
                collect(type, fragment.getSelectionSet(), fields);
            } else if (selection instanceof InlineFragment inline) {
                refuseConditions(inline.getDirectives().isEmpty(), "an inline fragment");
                sameType(type, inline.getTypeCondition());
                collect(type, inline.getSelectionSet(), fields);
            }
        }
    }

    /** The schema has object types only, so a valid fragment's type condition is the type it is spread on. */
    private static void sameType(GraphQLObjectType type, TypeName condition) {
        if (condition != null && !condition.getName().equals(type.getName())) {
            throw new IllegalStateException("the operations writer does not know a fragment on " + condition.getName()
                    + " spread on " + type.getName() + " (an interface or union): teach GraphQlOperationTypeScript");
        }
    }

    private static void refuseConditions(boolean none, String what) {
        if (!none) {
            throw new IllegalStateException("the operations writer does not know directives (@include, @skip) on "
                    + what + ": the field would be optional; teach GraphQlOperationTypeScript");
        }
    }

    private GraphQLObjectType objectType(String name) {
        GraphQLType type = schema.getType(name);
        if (!(type instanceof GraphQLObjectType object)) {
            throw new IllegalStateException("the operations writer does not know fragments on " + name);
        }
        return object;
    }

    /** The operation and every fragment it spreads, directly or through another fragment, in the document's order. */
    private String documentText(OperationDefinition operation) {
        Set<String> used = new LinkedHashSet<>();
        spreads(operation.getSelectionSet(), used);
        List<Definition<?>> definitions = new ArrayList<>();
        definitions.add(operation);
        fragments.values().stream().filter(f -> used.contains(f.getName())).forEach(definitions::add);
        List<String> printed = new ArrayList<>();
        definitions.forEach(definition -> printed.add(AstPrinter.printAst(definition)));
        return String.join("\n\n", printed);
    }

    private void spreads(SelectionSet selectionSet, Set<String> used) {
        if (selectionSet == null) {
            return;
        }
        for (Selection<?> selection : selectionSet.getSelections()) {
            if (selection instanceof Field field) {
                spreads(field.getSelectionSet(), used);
            } else if (selection instanceof InlineFragment inline) {
                spreads(inline.getSelectionSet(), used);
            } else if (selection instanceof FragmentSpread spread && used.add(spread.getName())) {
                spreads(fragments.get(spread.getName()).getSelectionSet(), used);
            }
        }
    }

    private static String scalar(String name) {
        String type = GraphQlTypeScript.SCALARS.get(name);
        if (type == null) {
            throw new IllegalStateException("the operations writer does not know the scalar " + name);
        }
        return type;
    }

    private static String templateLiteral(String text) {
        return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${");
    }
}
