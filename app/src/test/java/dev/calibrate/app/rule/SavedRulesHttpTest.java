package dev.calibrate.app.rule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Saved rules over HTTP: versions, enabling, and every way a request is refused. */
class SavedRulesHttpTest extends IntegrationTest {

    static final Map<String, Object> TEN_OFF = rule(-10);
    static final Map<String, Object> TWELVE_OFF = rule(-12);

    private Api.TenantToken writer;
    private Api.TenantToken admin;

    static Map<String, Object> rule(int percent) {
        return Map.of("selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
                "transform", List.of(Map.of("op", "percent", "value", percent)), "currency", "USD");
    }

    @BeforeEach
    void tenant() {
        String tenant = api.createTenant("Acme", "USD");
        writer = api.token(tenant, "prices:write", "audit:read");
        admin = api.token(tenant, "admin", "audit:read");
    }

    private Api.Response create(String name, Object rule) {
        return api.post("/api/v1/rules", writer.token(), Map.of("name", name, "rule", rule));
    }

    private String created(String name, Object rule) {
        Api.Response created = create(name, rule);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo("/api/v1/rules/" + created.json().get("id").asText());
        return created.json().get("id").asText();
    }

    private Api.Response revise(String id, int expectedVersion, String name, Object rule) {
        return api.send("PUT", "/api/v1/rules/" + id, writer.token(),
                Map.of("name", name, "rule", rule, "expectedVersion", expectedVersion));
    }

    private Api.Response read(String path, Api.Response after) {
        return api.get(path, writer.token(), "X-Calibrate-Wait-For", Long.toString(after.position()));
    }

    @Test
    void eachEditIsANewVersionAndEveryVersionReadsExactlyAsSaved() {
        String id = created("Summer tees minus 10 %", TEN_OFF);
        Api.Response second = revise(id, 1, "Summer tees minus 12 %", TWELVE_OFF);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("version").asInt()).isEqualTo(2);

        JsonNode latest = read("/api/v1/rules/" + id, second).json();
        assertThat(latest.at("/summary/name").asText()).isEqualTo("Summer tees minus 12 %");
        assertThat(latest.at("/summary/latestVersion").asInt()).isEqualTo(2);
        assertThat(latest.at("/summary/enabled").asBoolean()).isFalse();
        assertThat(latest.at("/summary/createdBy").asText()).isEqualTo(writer.tokenId());
        assertThat(latest.at("/latest/version").asInt()).isEqualTo(2);
        assertThat(latest.at("/latest/rule/transform/0/value").asInt()).isEqualTo(-12);

        JsonNode first = read("/api/v1/rules/" + id + "/versions/1", second).json();
        assertThat(first.get("name").asText()).isEqualTo("Summer tees minus 10 %");
        assertThat(first.get("rule")).isEqualTo(mapper.valueToTree(TEN_OFF));
        assertThat(first.get("savedBy").asText()).isEqualTo(writer.tokenId());

        JsonNode versions = read("/api/v1/rules/" + id + "/versions", second).json().get("versions");
        assertThat(versions).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(versions).extracting(v -> v.get("name").asText())
                .containsExactly("Summer tees minus 10 %", "Summer tees minus 12 %");

        JsonNode list = read("/api/v1/rules?size=10", second).json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.at("/items/0/id").asText()).isEqualTo(id);
        assertThat(list.at("/items/0/latestVersion").asInt()).isEqualTo(2);
    }

    @Test
    void anEditOfAnOlderVersionIsAConflictNamingTheCurrentOne() {
        String id = created("Tees", TEN_OFF);
        assertThat(revise(id, 1, "Tees -12", TWELVE_OFF).status()).isEqualTo(200);

        JsonNode problem = assertProblem(revise(id, 1, "Tees -11", rule(-11)), 409, "conflict");
        assertThat(problem.get("currentVersion").asInt()).isEqualTo(2);
        assertProblem(revise(id, 3, "Tees -11", rule(-11)), 409, "conflict");
    }

    @Test
    void enablingAndDisablingTakeAnAdminAndAreAudited() {
        String id = created("Tees", TEN_OFF);
        assertProblem(api.post("/api/v1/rules/" + id + "/enable", writer.token(), null), 403, "missing-scope");

        Api.Response enabled = api.post("/api/v1/rules/" + id + "/enable", admin.token(), null);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        assertThat(read("/api/v1/rules/" + id, enabled).json().at("/summary/enabled").asBoolean()).isTrue();
        Api.Response disabled = api.post("/api/v1/rules/" + id + "/disable", admin.token(), null);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();

        JsonNode summary = read("/api/v1/rules/" + id, disabled).json().get("summary");
        assertThat(summary.get("enabled").asBoolean()).isFalse();
        assertThat(summary.get("switchedBy").asText()).isEqualTo(admin.tokenId());
        JsonNode audit = read("/api/v1/audit?entityType=saved-rule&entityId=" + id, disabled).json();
        assertThat(audit.get("items")).extracting(i -> i.get("action").asText())
                .containsExactly("SavedRuleDisabled", "SavedRuleEnabled", "SavedRuleCreated");
        assertThat(audit.get("items")).extracting(i -> i.get("actor").asText())
                .containsExactly(admin.tokenId(), admin.tokenId(), writer.tokenId());
    }

    @Test
    void aBadRuleOrNameIsRefusedNamingTheField() {
        assertInvalidField(create("Tees", Map.of("transform", List.of(), "currency", "USD", "selector",
                Map.of("all", List.of()), "extra", 1)), "rule.extra");
        assertInvalidField(create("Tees", Map.of("selector", TEN_OFF.get("selector"), "currency", "USD",
                "transform", List.of(Map.of("op", "add", "amount", "0.001")))), "rule.transform[0].amount");
        assertInvalidField(create("x".repeat(201), TEN_OFF), "name");
        assertInvalidField(create(" ", TEN_OFF), "name");
        assertInvalidField(create("Tees\u0007", TEN_OFF), "name");
        String id = created("Tees", TEN_OFF);
        assertThat(assertProblem(revise(id, 1, "Tees", Map.of("currency", "USD")), 400, "invalid-input")
                .get("field").asText()).startsWith("rule");
        assertInvalidField(revise(id, 1, "y".repeat(201), TEN_OFF), "name");
    }

    /**
     * A price table's explain names an upload's file, hash and line: a saved rule, which a change can reference,
     * may no more carry one than a rule written into a change (only the CSV import builds one).
     */
    @Test
    void aSavedRuleCannotCarryAPriceTable() {
        Map<String, Object> table = Map.of("op", "price_table",
                "source", Map.of("file", "spring.csv", "sha256", "a".repeat(64)),
                "prices", List.of(Map.of("sku", "TS-1", "price", "8.00", "line", 2)));
        Map<String, Object> withTable = Map.of("selector", TEN_OFF.get("selector"), "currency", "USD",
                "transform", List.of(Map.of("op", "percent", "value", -5), table));
        assertInvalidField(create("Forged", withTable), "rule.transform[1].op");
        Api.Response created = create("Tees", TEN_OFF);
        assertThat(created.status()).isEqualTo(201);
        assertThat(read("/api/v1/rules?size=10", created).json().get("total").asLong())
                .as("only the rule without a table was saved").isEqualTo(1);

        String id = created.json().get("id").asText();
        assertInvalidField(revise(id, 1, "Tees", withTable), "rule.transform[1].op");
        Api.Response next = revise(id, 1, "Tees again", TEN_OFF);
        assertThat(next.status()).as("the refused revision made no version 2: " + next.body()).isEqualTo(200);
        assertThat(next.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void anUnknownRuleVersionOrAnotherTenantsRuleIsNotFound() {
        String id = created("Tees", TEN_OFF);
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/v1/rules/" + unknown, writer.token()), 404, "not-found");
        assertProblem(api.get("/api/v1/rules/not-a-uuid", writer.token()), 404, "not-found");
        assertProblem(revise(unknown, 1, "Tees", TEN_OFF), 404, "not-found");
        assertProblem(api.post("/api/v1/rules/" + unknown + "/enable", admin.token(), null), 404, "not-found");
        Api.Response second = revise(id, 1, "Tees", TWELVE_OFF);
        assertProblem(read("/api/v1/rules/" + id + "/versions/3", second), 404, "not-found");
        assertProblem(read("/api/v1/rules/" + id + "/versions/0", second), 404, "not-found");
        assertProblem(read("/api/v1/rules/" + id + "/versions/3/products", second), 404, "not-found");

        Api.TenantToken globex = api.token(api.createTenant("Globex", "USD"), "prices:write", "admin");
        assertProblem(api.get("/api/v1/rules/" + id, globex.token(), "X-Calibrate-Wait-For",
                Long.toString(second.position())), 404, "not-found");
        assertProblem(api.get("/api/v1/rules/" + id + "/versions/1", globex.token()), 404, "not-found");
        assertProblem(api.get("/api/v1/rules/" + id + "/versions", globex.token()), 404, "not-found");
        assertProblem(api.send("PUT", "/api/v1/rules/" + id, globex.token(),
                Map.of("name", "Mine", "rule", TEN_OFF, "expectedVersion", 2)), 404, "not-found");
        assertProblem(api.post("/api/v1/rules/" + id + "/enable", globex.token(), null), 404, "not-found");
        assertThat(api.get("/api/v1/rules", globex.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void writingTakesPricesWriteAndReadingAPriceChangeReadScope() {
        Api.TenantToken reader = api.token(writer.tenantId(), "catalog:read");
        assertProblem(api.post("/api/v1/rules", reader.token(), Map.of("name", "Tees", "rule", TEN_OFF)),
                403, "missing-scope");
        String id = created("Tees", TEN_OFF);
        assertProblem(api.send("PUT", "/api/v1/rules/" + id, reader.token(),
                Map.of("name", "Tees", "rule", TEN_OFF, "expectedVersion", 1)), 403, "missing-scope");
        assertProblem(api.get("/api/v1/rules", reader.token()), 403, "missing-scope");
        assertProblem(api.get("/api/v1/rules/" + id, reader.token()), 403, "missing-scope");
        assertProblem(api.post("/api/v1/rules/" + id + "/disable", writer.token(), null), 403, "missing-scope");
        Api.TenantToken auditor = api.token(writer.tenantId(), "audit:read");
        assertThat(api.get("/api/v1/rules", auditor.token()).status()).isEqualTo(200);
    }
}
