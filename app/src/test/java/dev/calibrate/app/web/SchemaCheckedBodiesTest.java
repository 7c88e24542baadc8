package dev.calibrate.app.web;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side's bodies are bound to records, and each is checked against its JSON Schema before
 * it is bound: binding alone would turn a number into a string and drop a field it does not know.
 * Every such body is still a 400 naming the field.
 */
class SchemaCheckedBodiesTest extends IntegrationTest {

    private static final Map<String, Object> RULE = Map.of(
            "selector", Map.of("everything", true),
            "transform", List.of(Map.of("op", "percent", "value", -10)),
            "currency", "USD");

    @Test
    void aPriceChangeDefinitionIsCheckedBeforeItIsBound() {
        Api.TenantToken owner = api.newTenant("Acme");
        assertInvalidField(api.post("/api/v1/price-changes", owner.token(), Map.of("name", 12, "rule", RULE)), "name");
        assertInvalidField(api.post("/api/v1/price-changes", owner.token(),
                Map.of("name", "Winter", "rule", RULE, "colour", "red")), "colour");
        assertInvalidField(api.post("/api/v1/price-changes", owner.token(),
                Map.of("name", "Winter", "rule", RULE, "scheduleAt", "next Monday")), "scheduleAt");

        Api.Response drafted = api.post("/api/v1/price-changes", owner.token(), Map.of("name", "Winter", "rule", RULE));
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        String change = "/api/v1/price-changes/" + drafted.json().get("id").asText();
        assertInvalidField(api.send("PUT", change, owner.token(), Map.of("name", "Winter", "rule", RULE, "note", 5)),
                "note");
        assertInvalidField(api.send("PUT", change, owner.token(), Map.of("name", "Winter", "rule", "10% off")),
                "rule");
        assertInvalidField(api.post(change + "/approve", owner.token(), Map.of("previewHash", 123)), "previewHash");
        assertInvalidField(api.post(change + "/reject", owner.token(), Map.of("reason", "")), "reason");
        assertInvalidField(api.post(change + "/reject", owner.token(), "[\"too expensive\"]"), "(body)");
    }

    @Test
    void catalogBodiesAreCheckedBeforeTheyAreBound() {
        Api.TenantToken owner = api.newTenant("Acme");
        assertInvalidField(api.post("/api/v1/products", owner.token(), Map.of("sku", "TEE-1", "title", "Tee",
                "prices", List.of(Map.of("currency", "USD", "amount", 19.99)))), "prices[0].amount");
        assertInvalidField(api.post("/api/v1/products", owner.token(), Map.of("sku", "TEE-1", "title", "Tee",
                "active", "yes")), "active");
        assertInvalidField(api.post("/api/v1/products:batch", owner.token(), Map.of("items", "TEE-1")), "items");
        assertInvalidField(api.post("/api/v1/products:batch", owner.token(), Map.of("items", List.of())), "items");
    }

    @Test
    void competitorBodiesAreCheckedBeforeTheyAreBound() {
        Api.TenantToken owner = api.newTenant("Acme");
        assertInvalidField(api.post("/api/v1/competitors", owner.token(), Map.of("name", "Rival", "domain", 7)),
                "domain");
        Api.Response registered = api.post("/api/v1/competitors", owner.token(),
                Map.of("name", "Rival", "domain", "rival.example"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String observations = "/api/v1/competitors/" + registered.json().get("id").asText() + "/observations";
        assertInvalidField(api.post(observations, owner.token(), Map.of("observations", List.of())), "observations");
        assertInvalidField(api.post(observations, owner.token(),
                Map.of("observations", List.of(Map.of("sku", "TEE-1")), "source", "feed")), "source");
    }

    @Test
    void thePolicyIsCheckedBeforeItIsBound() {
        Api.TenantToken admin = api.newTenant("Acme");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", 30)),
                "maxDecreasePercent");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("enforceMap", "yes")),
                "enforceMap");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("floors", Map.of("USD", 5))),
                "floors.USD");
    }

    @Test
    void aBodyThatIsNotJsonIsStillTheMalformedJsonProblem() {
        Api.TenantToken admin = api.newTenant("Acme");
        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(), "{\"enforceMap\": tru"), 400, "malformed-json");
    }
}
