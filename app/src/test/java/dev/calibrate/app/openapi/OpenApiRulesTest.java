package dev.calibrate.app.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.contract.OpenApiDocument;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.schemas.RequestSchema;
import dev.calibrate.schemas.SchemaRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules every operation of the served document follows, whatever controller it comes from. */
class OpenApiRulesTest extends IntegrationTest {

    @Autowired
    ApiHandlers handlers;
    @Autowired
    SchemaRegistry registry;

    OpenApiDocument document;

    @BeforeEach
    void fetchDocument() {
        document = OpenApiDocument.fetch("http://localhost:" + port, mapper);
    }

    @Test
    void aRequestBodyRecordIsDescribedByItsJsonSchemaAndNothingElse() {
        List<Class<?>> records = requestSchemaRecords();
        assertThat(records).as("request records with @RequestSchema").isNotEmpty();

        for (Class<?> record : records) {
            assertThat(record.getSimpleName()).as("a record is named like its JSON Schema")
                    .isEqualTo(record.getAnnotation(RequestSchema.class).value());
            RequestBodySchemas.components(registry, record).forEach((name, schema) ->
                    assertThat(SchemaComparison.normalized(document.json().at("/components/schemas/" + name)))
                            .as("component %s", name).isEqualTo(SchemaComparison.normalized(schema)));
        }
    }

    @Test
    void anApprovalBodyIsTheApprovalSchema() {
        JsonNode approve = operation("approvePriceChange");

        assertThat(approve.at("/requestBody/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/PriceChangeApproval");
        JsonNode approval = document.json().at("/components/schemas/PriceChangeApproval");
        assertThat(approval.get("description").asText()).contains("hash of the preview");
        assertThat(approval.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(approval.has("$schema") || approval.has("$id")).isFalse();
    }

    @Test
    void theCallerIsNeverAParameter() {
        document.operations().values().forEach(op -> op.node().path("parameters").forEach(parameter ->
                assertThat(parameter.get("name").asText()).as(op.toString()).isNotEqualToIgnoringCase("caller")));
    }

    @Test
    void anOperationNamesTheScopesItsHandlerRequiresEachAsAnAlternative() {
        assertThat(operation("approvePriceChange").get("security"))
                .isEqualTo(json("[{\"tenantToken\": [\"prices:approve\"]}]"));

        Map<String, HandlerMethod> byKey = handlers.operations();
        for (OpenApiDocument.Operation op : document.operations().values()) {
            JsonNode security = op.node().path("security");
            if (op.path().startsWith("/admin/")) {
                assertThat(security).as(op.toString()).isEqualTo(json("[{\"adminToken\": []}]"));
            } else if (op.path().startsWith("/api/")) {
                RequiresScope required = byKey.get(op.key()).getMethodAnnotation(RequiresScope.class);
                Set<String> scopes = new TreeSet<>();
                security.forEach(requirement -> requirement.path("tenantToken").forEach(s -> scopes.add(s.asText())));
                assertThat(scopes).as(op.toString()).isEqualTo(required == null ? Set.of()
                        : new TreeSet<>(Arrays.stream(required.value()).map(Scope::wireName).toList()));
                assertThat(security.size()).as(op.toString()).isEqualTo(Math.max(1, scopes.size()));
            } else {
                assertThat(security.isMissingNode() || security.isEmpty()).as(op + " is public").isTrue();
                assertThat(op.node().path("description").asText()).as(op.toString())
                        .contains("Public:").contains("HMAC-SHA256");
            }
        }
    }

    @Test
    void theProblemsOfAnOperationFollowItsShapeAndItsErrorResponses() {
        assertThat(problemStatuses(operation("approvePriceChange")))
                .containsExactly("400", "401", "403", "404", "409", "413", "415", "429");

        Map<String, HandlerMethod> byKey = handlers.operations();
        for (OpenApiDocument.Operation op : document.operations().values()) {
            Set<String> expected = new TreeSet<>();
            boolean hasBody = op.node().has("requestBody");
            boolean hasParameters = !op.node().path("parameters").isEmpty();
            if (hasBody || hasParameters) expected.add("400");
            // a caller's request may be over its rate limit (docs/operations.md#rate-limits-and-quotas)
            if (!op.node().path("security").isEmpty()) expected.addAll(List.of("401", "403", "429"));
            op.node().path("parameters").forEach(p -> {
                if ("path".equals(p.path("in").asText())) expected.add("404");
            });
            if (hasBody) expected.addAll(List.of("413", "415"));
            if (!"GET".equals(op.method())) expected.add("409"); // a change can lose a race: retry
            ErrorResponses declared = byKey.get(op.key()).getMethodAnnotation(ErrorResponses.class);
            if (declared != null) Arrays.stream(declared.value()).forEach(s -> expected.add(Integer.toString(s)));

            assertThat(problemStatuses(op.node())).as(op.toString()).containsExactlyElementsOf(expected);
            op.node().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(response.getValue().path("description").asText()).as(op + " " + response.getKey())
                            .isNotBlank();
                    assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                            .as(op + " " + response.getKey()).isEqualTo("#/components/schemas/Problem");
                }
            });
        }
    }

    @Test
    void theProblemComponentHasWhatTheRejectionsWrite() {
        JsonNode problem = document.json().at("/components/schemas/Problem");

        List<String> properties = new ArrayList<>();
        problem.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).contains("type", "title", "status", "detail", "instance", "requestId", "field",
                "errors", "state", "competitorId");
        assertThat(problem.at("/properties/errors/items/required")).isEqualTo(json("[\"field\", \"message\"]"));
    }

    @Test
    void aResponseRecordRequiresEveryComponent() {
        assertThat(operation("approvePriceChange").at("/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/PriceChangeStatus");
        assertThat(document.json().at("/components/schemas/PriceChangeStatus/required"))
                .isEqualTo(json("[\"id\", \"state\"]"));
    }

    @Test
    void theServerIsFixedAndTheTagsAreSorted() {
        assertThat(document.json().get("servers")).isEqualTo(json("[{\"url\": \"/\", \"description\": "
                + "\"The server serving this document\"}]"));
        assertThat(document.json().get("openapi").asText()).startsWith("3.1");
        List<String> tags = new ArrayList<>();
        document.json().path("tags").forEach(tag -> tags.add(tag.get("name").asText()));
        assertThat(tags).isSorted();
    }

    private List<Class<?>> requestSchemaRecords() {
        List<Class<?>> records = new ArrayList<>();
        for (HandlerMethod handler : handlers.operations().values()) {
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)
                        && parameter.getParameterType().isAnnotationPresent(RequestSchema.class)
                        && !records.contains(parameter.getParameterType())) {
                    records.add(parameter.getParameterType());
                }
            }
        }
        return records;
    }

    private static Set<String> problemStatuses(JsonNode operation) {
        Set<String> statuses = new TreeSet<>();
        operation.path("responses").fieldNames().forEachRemaining(code -> {
            if (code.startsWith("4") || code.startsWith("5")) statuses.add(code);
        });
        return statuses;
    }

    private JsonNode operation(String operationId) {
        return document.operations().values().stream().filter(op -> operationId.equals(op.id())).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + operationId)).node();
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
