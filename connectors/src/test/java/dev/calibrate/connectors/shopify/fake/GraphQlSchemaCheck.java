package dev.calibrate.connectors.shopify.fake;

import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.execution.CoercedVariables;
import graphql.language.BooleanValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import graphql.schema.idl.MockedWiringFactory;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.language.Document;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.parser.ParserOptions;
import graphql.schema.idl.FastSchemaGenerator;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks GraphQL documents against the real Shopify Admin API schema (version 2026-07, kept as the
 * test resource {@code shopify/admin-2026-07.graphql}; see {@code SOURCE.md} beside it).
 *
 * <p>Use it in tests to prove that every document the connector sends would be accepted by Shopify:
 * <pre>{@code
 * assertThat(GraphQlSchemaCheck.validate(document)).as(file).isEmpty();
 * // or
 * GraphQlSchemaCheck.assertValid(document);
 * }</pre>
 *
 * <p>The schema file is 3.8 MB and takes a few seconds to parse, so it is parsed once per JVM, on
 * first use, and shared by every caller (the fake Shopify uses it too). Results are cached per
 * document text, so checking the same document again is a map lookup.
 */
public final class GraphQlSchemaCheck {

    /** Classpath location of the schema, also inside the connectors test-jar. */
    public static final String SCHEMA_RESOURCE = "/shopify/admin-2026-07.graphql";

    /** The API version the schema describes. */
    public static final String SCHEMA_VERSION = "2026-07";

    private static final Map<String, CheckedDocument> CHECKED = new ConcurrentHashMap<>();

    private GraphQlSchemaCheck() {
    }

    /**
     * One thing wrong with a document: a syntax error or a schema validation error.
     *
     * @param message what graphql-java says is wrong
     * @param line    1-based line in the document, or 0 when unknown
     * @param column  1-based column in the document, or 0 when unknown
     */
    public record Problem(String message, int line, int column) {
        @Override
        public String toString() {
            return line > 0 ? line + ":" + column + " " + message : message;
        }
    }

    /**
     * Parses and validates a document (query or mutation, with its fragments) against the Shopify
     * Admin schema. Variables are not checked here because they are not part of the document.
     *
     * @param document the GraphQL document text, exactly as sent in the request's {@code query}
     * @return every problem found; empty when Shopify would accept the document
     */
    public static List<Problem> validate(String document) {
        return check(document).problems();
    }

    /**
     * Fails with an {@link AssertionError} listing every problem when the document is not valid
     * against the Shopify Admin schema.
     *
     * @param document the GraphQL document text
     */
    public static void assertValid(String document) {
        List<Problem> problems = validate(document);
        if (!problems.isEmpty()) {
            throw new AssertionError("GraphQL document is not valid against the Shopify Admin "
                    + SCHEMA_VERSION + " schema: " + problems + "\n" + document);
        }
    }

    /** The parsed Shopify Admin schema (not executable: its resolvers are mocks). */
    public static GraphQLSchema schema() {
        return SchemaHolder.SCHEMA.join();
    }

    /**
     * Starts parsing the schema in the background, so a test that first starts a server and seeds
     * data does not wait for it twice. Calling it more than once is harmless.
     */
    static void preload() {
        SchemaHolder.SCHEMA.getClass();
    }

    /** A parsed document and what is wrong with it; {@code document} is null when it did not parse. */
    record CheckedDocument(Document document, List<Problem> problems, List<GraphQLError> errors) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    static CheckedDocument check(String document) {
        return CHECKED.computeIfAbsent(document, GraphQlSchemaCheck::parseAndValidate);
    }

    private static CheckedDocument parseAndValidate(String text) {
        Document document;
        try {
            document = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            GraphQLError error = e.toInvalidSyntaxError();
            return new CheckedDocument(null, problems(List.of(error)), List.of(error));
        }
        List<GraphQLError> errors = List.copyOf(new Validator().validateDocument(schema(), document, Locale.ENGLISH));
        return new CheckedDocument(document, problems(errors), errors);
    }

    private static List<Problem> problems(List<GraphQLError> errors) {
        return errors.stream().map(error -> {
            List<SourceLocation> locations = error.getLocations();
            SourceLocation at = locations == null || locations.isEmpty() ? null : locations.get(0);
            return new Problem(error.getMessage(), at == null ? 0 : at.getLine(), at == null ? 0 : at.getColumn());
        }).toList();
    }

    /** Lazy holder: the class initialises (and starts parsing) on first use only. */
    private static final class SchemaHolder {
        static final CompletableFuture<GraphQLSchema> SCHEMA = CompletableFuture.supplyAsync(SchemaHolder::load,
                runnable -> {
                    Thread thread = new Thread(runnable, "shopify-schema-parse");
                    thread.setDaemon(true);
                    thread.start();
                });

        private static GraphQLSchema load() {
            String sdl;
            try (InputStream in = GraphQlSchemaCheck.class.getResourceAsStream(SCHEMA_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Shopify schema not on the classpath at " + SCHEMA_RESOURCE);
                }
                sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Speed: two thirds of the file are descriptions, which validation never reads, and the
            // schema is Shopify's own introspection, so checking it again would only cost time.
            ParserOptions options = ParserOptions.getDefaultSdlParserOptions().transform(builder -> builder
                    .captureSourceLocation(false).captureLineComments(false).captureIgnoredChars(false));
            TypeDefinitionRegistry registry = new SchemaParser().parse(new StringReader(withoutBlockDescriptions(sdl)), options);
            return generate(registry);
        }

        /**
         * graphql-java 26's fast generator where it is on the classpath (the connectors' tests); the app's
         * tests run the fake on the graphql-java Spring for GraphQL needs (24.x), which only has the
         * plain generator: slower to build the schema once, the same schema.
         */
        private static GraphQLSchema generate(TypeDefinitionRegistry registry) {
            try {
                Class.forName("graphql.schema.idl.FastSchemaGenerator", false, GraphQlSchemaCheck.class.getClassLoader());
            } catch (ClassNotFoundException olderGraphQlJava) {
                return new SchemaGenerator().makeExecutableSchema(SchemaGenerator.Options.defaultOptions(), registry,
                        PASS_THROUGH_SCALARS);
            }
            return FastGenerator.generate(registry);
        }

        /** Loaded only when graphql-java 26 is there: it names a class older versions lack. */
        private static final class FastGenerator {
            static GraphQLSchema generate(TypeDefinitionRegistry registry) {
                return new FastSchemaGenerator().makeExecutableSchema(
                        SchemaGenerator.Options.defaultOptions().withValidation(false).captureAstDefinitions(false),
                        registry, PASS_THROUGH_SCALARS);
            }
        }

        /**
         * Shopify's custom scalars (Money, URL, DateTime, …) accept what is sent, so that literal
         * and variable values reach the fake as written instead of failing in a mocked coercing.
         */
        private static final RuntimeWiring PASS_THROUGH_SCALARS = RuntimeWiring.newRuntimeWiring()
                .wiringFactory(new MockedWiringFactory() {
                    @Override
                    public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
                        return GraphQLScalarType.newScalar().name(environment.getScalarTypeDefinition().getName())
                                .coercing(new PassThrough()).build();
                    }
                })
                .build();

        private static final class PassThrough implements Coercing<Object, Object> {
            @Override
            public Object serialize(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseValue(Object value, GraphQLContext context, Locale locale) {
                return value;
            }

            @Override
            public Object parseLiteral(Value<?> literal, CoercedVariables variables, GraphQLContext context, Locale locale) {
                if (literal instanceof StringValue string) {
                    return string.getValue();
                }
                if (literal instanceof IntValue integer) {
                    return integer.getValue();
                }
                if (literal instanceof FloatValue decimal) {
                    return decimal.getValue();
                }
                if (literal instanceof BooleanValue bool) {
                    return bool.isValue();
                }
                return literal;
            }

            @Override
            public Value<?> valueToLiteral(Object value, GraphQLContext context, Locale locale) {
                return StringValue.of(String.valueOf(value));
            }
        }

        /** Drops every {@code """…"""} block string; in this SDL they are all descriptions. */
        private static String withoutBlockDescriptions(String sdl) {
            StringBuilder kept = new StringBuilder(sdl.length() / 2);
            int from = 0;
            while (true) {
                int start = sdl.indexOf("\"\"\"", from);
                int end = start < 0 ? -1 : sdl.indexOf("\"\"\"", start + 3);
                if (end < 0) {
                    return kept.append(sdl, from, sdl.length()).toString();
                }
                kept.append(sdl, from, start);
                from = end + 3;
            }
        }
    }
}
