package dev.calibrate.clients;

import graphql.language.FieldDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the TypeScript of the GraphQL schema ({@code graphql/calibrate.graphqls} of the schemas module): an
 * interface per object type, every field as the schema declares it (nullable fields {@code | null}, since a
 * GraphQL answer carries null, and a FORBIDDEN field is null), and an interface of each field's arguments
 * ({@code QueryProductsArgs}). A client selects a subset of the fields: {@code Pick<Product, 'sku'>}.
 * A scalar, interface, union, enum or input type this writer does not know fails the generation rather
 * than being typed wrongly in silence.
 */
final class GraphQlTypeScript {

    /** JSON is any JSON value as stored: the client narrows it (a pricing rule, an explain trace). */
    static final Map<String, String> SCALARS = Map.of("ID", "string", "String", "string", "Int", "number",
            "Float", "number", "Boolean", "boolean", "JSON", "unknown");

    private GraphQlTypeScript() {
    }

    static String schema() {
        try (InputStream in = GraphQlTypeScript.class.getResourceAsStream("/graphql/calibrate.graphqls")) {
            if (in == null) {
                throw new IllegalStateException("graphql/calibrate.graphqls is not on the classpath (schemas module)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(String sdl) {
        TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
        registry.types().values().forEach(type -> {
            if (!(type instanceof ObjectTypeDefinition)) {
                throw new IllegalStateException("the GraphQL writer does not know " + type.getClass().getSimpleName()
                        + " " + type.getName() + ": teach GraphQlTypeScript to write it");
            }
        });
        registry.scalars().keySet().forEach(scalar -> {
            if (!SCALARS.containsKey(scalar)) {
                throw new IllegalStateException("the GraphQL writer does not know the scalar " + scalar);
            }
        });
        StringBuilder out = new StringBuilder("""
                /* eslint-disable */
                // Generated from the GraphQL schema (schemas/graphql/calibrate.graphqls) by the clients module's
                // TypeScriptClientTest: do not edit. Each object type with every field; a query selects a subset,
                // e.g. Pick<Product, 'sku' | 'title'>.
                """);
        List<ObjectTypeDefinition> types = registry.getTypes(ObjectTypeDefinition.class).stream()
                .sorted(Comparator.comparing(ObjectTypeDefinition::getName)).toList();
        for (ObjectTypeDefinition type : types) {
            out.append('\n');
            comment(out, "", type.getDescription() == null ? null : type.getDescription().getContent());
            out.append("export interface ").append(type.getName()).append(" {\n");
            for (FieldDefinition field : type.getFieldDefinitions()) {
                comment(out, "  ", field.getDescription() == null ? null : field.getDescription().getContent());
                out.append("  ").append(field.getName()).append(": ").append(type(field.getType())).append(";\n");
            }
            out.append("}\n");
            for (FieldDefinition field : type.getFieldDefinitions()) {
                if (field.getInputValueDefinitions().isEmpty()) {
                    continue;
                }
                out.append("\nexport interface ").append(type.getName()).append(capitalised(field.getName()))
                        .append("Args {\n");
                for (InputValueDefinition argument : field.getInputValueDefinitions()) {
                    boolean required = argument.getType() instanceof NonNullType;
                    out.append("  ").append(argument.getName()).append(required ? ": " : "?: ")
                            .append(type(argument.getType())).append(";\n");
                }
                out.append("}\n");
            }
        }
        return out.toString();
    }

    private static String type(Type<?> type) {
        if (type instanceof NonNullType nonNull) {
            return nonNullType(nonNull.getType());
        }
        return nonNullType(type) + " | null";
    }

    private static String nonNullType(Type<?> type) {
        if (type instanceof ListType list) {
            String element = type(list.getType());
            return (element.contains(" ") ? "Array<" + element + ">" : element + "[]");
        }
        String name = ((TypeName) type).getName();
        return SCALARS.getOrDefault(name, name);
    }

    private static void comment(StringBuilder out, String indent, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        out.append(indent).append("/**\n");
        for (String line : text.strip().split("\n")) {
            out.append(indent).append(" * ").append(line.strip().replace("*/", "*\\/")).append('\n');
        }
        out.append(indent).append(" */\n");
    }

    private static String capitalised(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
