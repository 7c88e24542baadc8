package dev.calibrate.clients;

import graphql.ParseAndValidate;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.MultiSourceReader;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The committed GraphQL operations a consumer of {@code @calibrate/types} posts ({@code clients/typescript/operations/*.graphql}),
 * read as one document and validated against the schema as the server validates them (graphql-java's validator): an
 * operation that no longer fits the schema fails the generation with the validator's error, named by file and line.
 * Every operation is a named query, since its types are named after it.
 */
final class GraphQlOperations {

    private GraphQlOperations() {
    }

    /** The schema, without resolvers: enough to validate a document and to look up its fields' types. */
    static GraphQLSchema schema(String sdl) {
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
    }

    /** The {@code *.graphql} files of the directory, by file name. */
    static SortedMap<String, String> files(Path directory) {
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".graphql")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no *.graphql operations in " + directory);
        }
        return files;
    }

    /** The files (name to text) as one document, once it is valid against the schema; else the errors, by file and line. */
    static Document read(GraphQLSchema schema, SortedMap<String, String> files) {
        MultiSourceReader.Builder source = MultiSourceReader.newMultiSourceReader();
        // a file's last line may be a comment: without the newline it would swallow the next file's first line
        files.forEach((name, text) -> source.string(text.endsWith("\n") ? text : text + "\n", name));
        Document document;
        try {
            document = new Parser().parseDocument(ParserEnvironment.newParserEnvironment().document(source.build()).build());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("a GraphQL operation does not parse: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (ValidationError error : ParseAndValidate.validate(schema, document)) {
            problems.add(error.getDescription() + " (" + where(error.getLocations()) + ")");
        }
        for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (operation.getName() == null) {
                problems.add("an operation has no name; its types are named after it (" + where(List.of(
                        operation.getSourceLocation())) + ")");
            } else if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
                problems.add(operation.getName() + " is a " + operation.getOperation().name().toLowerCase()
                        + "; the schema answers queries only");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the GraphQL operations do not fit the schema:\n  "
                    + String.join("\n  ", problems));
        }
        return document;
    }

    private static String where(List<SourceLocation> locations) {
        if (locations == null || locations.isEmpty()) {
            return "no location";
        }
        return locations.stream().map(l -> l.getSourceName() + ":" + l.getLine() + ":" + l.getColumn())
                .collect(Collectors.joining(", "));
    }
}
