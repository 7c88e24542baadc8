package dev.calibrate.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.schemas.SchemaRegistry;
import graphql.language.Document;
import graphql.schema.GraphQLSchema;
import org.openapitools.codegen.CodegenConstants;
import org.openapitools.codegen.DefaultGenerator;
import org.openapitools.codegen.config.CodegenConfigurator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Generates the sources of the npm package {@code @calibrate/types} ({@code clients/typescript/src}):
 * the typed fetch client and the API's models from the OpenAPI document (openapi-generator's
 * {@code typescript-fetch}), the events' payload types from their JSON Schemas ({@link EventTypeScript}), the
 * GraphQL schema's types ({@link GraphQlTypeScript}) and the committed GraphQL operations' types
 * ({@link GraphQlOperationTypeScript}).
 * Everything else in the package (package.json, tsconfig, README, the example) is written by hand.
 */
final class TypeScriptClient {

    /** The file, under the generated sources, that holds the events' payload types. */
    static final String EVENTS = "events.ts";
    /** The file, under the generated sources, that holds the GraphQL schema's types. */
    static final String GRAPHQL = "graphql.ts";
    /** The file, under the generated sources, that holds the types of the committed GraphQL operations. */
    static final String GRAPHQL_OPERATIONS = "graphql-operations.ts";

    private TypeScriptClient() {
    }

    /** Writes the package's generated sources into {@code sources}, an empty or absent directory. */
    static void generate(Path openApiDocument, Path sources) {
        try {
            Path raw = Files.createTempDirectory("calibrate-typescript-fetch");
            try {
                runOpenApiGenerator(openApiDocument, raw);
                copyTypeScript(raw, sources);
                Files.writeString(sources.resolve(EVENTS), EventTypeScript.write(eventSchemas()), StandardCharsets.UTF_8);
                String sdl = GraphQlTypeScript.schema();
                Files.writeString(sources.resolve(GRAPHQL), GraphQlTypeScript.write(sdl), StandardCharsets.UTF_8);
                GraphQLSchema schema = GraphQlOperations.schema(sdl);
                Document operations = GraphQlOperations.read(schema, GraphQlOperations.files(ClientPaths.graphQlOperations()));
                Files.writeString(sources.resolve(GRAPHQL_OPERATIONS), GraphQlOperationTypeScript.write(schema, operations),
                        StandardCharsets.UTF_8);
            } finally {
                GeneratedTree.delete(raw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runOpenApiGenerator(Path openApiDocument, Path output) {
        CodegenConfigurator configurator = new CodegenConfigurator()
                .setGeneratorName("typescript-fetch")
                .setInputSpec(openApiDocument.toAbsolutePath().toString())
                .setOutputDir(output.toString())
                // swagger-parser's validator demands a license identifier, which OpenAPI 3.1 makes optional, so its
                // verdict cannot gate the generation; a document it cannot read still fails, and CI's tsc checks the output
                .setValidateSpec(false)
                // ES modules that run in Node.js as well as in a bundler need the extension in relative imports
                .addAdditionalProperty("importFileExtension", ".js")
                .addAdditionalProperty("supportsES6", true)
                // one client class, CalibrateApi, whose methods are the operation ids: callers do not depend on
                // how the document groups operations into tags
                .addOpenapiNormalizer("SET_TAGS_FOR_ALL_OPERATIONS", "Calibrate")
                .addAdditionalProperty(CodegenConstants.HIDE_GENERATION_TIMESTAMP, true);
        DefaultGenerator generator = new DefaultGenerator();
        // the package's README and the docs of the operations are the document itself and Swagger UI
        generator.setGeneratorPropertyDefault(CodegenConstants.API_DOCS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_DOCS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.API_TESTS, "false");
        generator.setGeneratorPropertyDefault(CodegenConstants.MODEL_TESTS, "false");
        generator.setGenerateMetadata(false);
        generator.opts(configurator.toClientOptInput()).generate();
    }

    /** Only the TypeScript: the generator's package.json and tsconfig would fight the hand-written ones. */
    private static void copyTypeScript(Path raw, Path sources) throws IOException {
        try (Stream<Path> files = Files.walk(raw)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".ts")).toList()) {
                Path target = sources.resolve(raw.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    /** The latest schema of every event, by the event's type name (the schema's name is the record's simple name). */
    static SortedMap<String, JsonNode> eventSchemas() {
        SchemaRegistry registry = SchemaRegistry.loadDefault();
        SortedMap<String, JsonNode> schemas = new TreeMap<>();
        for (SchemaRegistry.SchemaInfo info : registry.list()) {
            if ("events".equals(info.kind())) {
                String latest = registry.latest(info.name()).orElseThrow().version();
                schemas.put(info.name(), registry.document(info.name(), latest));
            }
        }
        return schemas;
    }
}
