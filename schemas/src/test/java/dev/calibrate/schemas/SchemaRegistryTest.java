package dev.calibrate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.schemas.SchemaRegistry.SchemaInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaRegistryTest {

    /** The module's source folder, not the classpath: a schema file left out of the catalog is not on it either. */
    private static final Path SCHEMA_DIR = Path.of("src/main/resources/schemas");
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.loadDefault();

    @Test
    void catalogListsEverySchemaFileAndNothingElse() throws IOException {
        List<String> listed = MAPPER.readTree(SCHEMA_DIR.resolve("catalog.json").toFile())
                .findValuesAsText("path");

        assertThat(listed).doesNotHaveDuplicates();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(schemaFiles().stream()
                .map(file -> "schemas/" + SCHEMA_DIR.relativize(file).toString().replace('\\', '/'))
                .toList());
    }

    @Test
    void everySchemaDeclaresDraft202012AndAVersionedIdMatchingItsFile() throws IOException {
        for (Path file : schemaFiles()) {
            JsonNode schema = MAPPER.readTree(file.toFile());
            String kind = file.getParent().getFileName().toString();
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");

            assertThat(schema.path("$schema").asText()).as("$schema of %s", file).isEqualTo(DRAFT_2020_12);
            assertThat(schema.path("$id").asText()).as("$id of %s", file)
                    .matches("https://calibrate\\.dev/schemas/" + kind + "/" + name
                            + "/(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)");
        }
    }

    @Test
    void listHasEverySchemaInTheCatalog() throws IOException {
        assertThat(REGISTRY.list()).hasSize(schemaFiles().size());
        assertThat(REGISTRY.list()).contains(new SchemaInfo("requests", "ProductUpsert", "1.0.0",
                "https://calibrate.dev/schemas/requests/ProductUpsert/1.0.0"));
    }

    @Test
    void documentIsServedByNameAndVersion() {
        JsonNode document = REGISTRY.document("ProductUpsert", "1.0.0");

        assertThat(document.path("$id").asText()).isEqualTo("https://calibrate.dev/schemas/requests/ProductUpsert/1.0.0");
        assertThat(document.path("title").asText()).isEqualTo("ProductUpsert");
    }

    @Test
    void documentOfAnUnknownVersionIsNotFound() {
        assertThatThrownBy(() -> REGISTRY.document("ProductUpsert", "9.9.9")).isInstanceOf(NotFound.class);
    }

    @Test
    void documentOfAnUnknownNameIsNotFound() {
        assertThatThrownBy(() -> REGISTRY.document("Bogus", "1.0.0")).isInstanceOf(NotFound.class);
    }

    @Test
    void latestNamesTheNewestVersion() {
        assertThat(REGISTRY.latest("ProductCreated")).get()
                .extracting(SchemaInfo::kind, SchemaInfo::version).containsExactly("events", "1.0.0");
        assertThat(REGISTRY.latest("Bogus")).isEmpty();
    }

    @Test
    void productUpsertAcceptsAValidBody() throws IOException {
        JsonNode body = json("""
                {"sku": "MUG-001", "title": "Enamel mug", "vendor": "Acme", "tags": ["camping"],
                 "cost": {"amount": "4.10", "currency": "USD"}, "active": true,
                 "prices": [{"currency": "USD", "amount": "12.00", "compareAt": "15.00"},
                            {"currency": "EUR", "amount": "11.00", "compareAt": null}],
                 "channelRefs": {"shopify": {"variantId": "4711"}}}
                """);

        assertThatCode(() -> REGISTRY.validate("ProductUpsert", body)).doesNotThrowAnyException();
    }

    @Test
    void productUpsertReportsANumberAmountAtItsPath() throws IOException {
        JsonNode body = json("""
                {"sku": "MUG-001", "title": "Enamel mug", "prices": [{"currency": "USD", "amount": 12.0}]}
                """);

        assertThat(fieldsRejectedIn(body)).containsExactly("prices[0].amount");
    }

    @Test
    void productUpsertNamesAnUnknownField() throws IOException {
        JsonNode body = json("""
                {"sku": "MUG-001", "title": "Enamel mug", "bogus": 1}
                """);

        assertThatThrownBy(() -> REGISTRY.validate("ProductUpsert", body))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.violations())
                        .containsExactly(new InvalidInput.Violation("bogus", "is not a known field")));
    }

    @Test
    void productUpsertNamesAMissingRequiredField() throws IOException {
        JsonNode body = json("""
                {"title": "Enamel mug"}
                """);

        assertThatThrownBy(() -> REGISTRY.validate("ProductUpsert", body))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.violations())
                        .containsExactly(new InvalidInput.Violation("sku", "is required")));
    }

    @Test
    void productUpsertReportsEveryViolation() throws IOException {
        JsonNode body = json("""
                {"title": "Enamel mug", "bogus": 1, "prices": [{"currency": "usd", "amount": "12.00"}]}
                """);

        assertThat(fieldsRejectedIn(body)).containsExactly("bogus", "prices[0].currency", "sku");
    }

    private static List<String> fieldsRejectedIn(JsonNode body) {
        try {
            REGISTRY.validate("ProductUpsert", body);
        } catch (InvalidInput e) {
            return e.violations().stream().map(InvalidInput.Violation::field).toList();
        }
        throw new AssertionError("expected ProductUpsert to reject " + body);
    }

    private static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text);
    }

    private static List<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SCHEMA_DIR)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("catalog.json"))
                    .sorted()
                    .toList();
        }
    }
}
