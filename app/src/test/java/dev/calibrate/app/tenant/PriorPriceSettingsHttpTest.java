package dev.calibrate.app.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The tenant's time zone (admin API) and the prior-price rule of PUT/GET /api/v1/policy (issue 20). */
class PriorPriceSettingsHttpTest extends IntegrationTest {

    @Test
    void theRuleIsSetAndReadBackWithItsDefaults() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());

        Api.Response put = api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("enabled", true, "currencies", List.of("EUR"))));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        JsonNode expected = mapper.valueToTree(Map.of("enabled", true, "windowDays", 30,
                "currencies", List.of("EUR"), "progressive", true));
        assertThat(put.json().get("priorPriceRule")).isEqualTo(expected);
        Api.Response read = api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For",
                Long.toString(put.position()));
        assertThat(read.json().get("priorPriceRule")).isEqualTo(expected);
    }

    @Test
    void aPolicyWithoutTheRuleHasItOff() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());

        Api.Response never = api.get("/api/v1/policy", admin.token());
        Api.Response put = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", "30"));

        JsonNode off = mapper.valueToTree(Map.of("enabled", false, "windowDays", 30, "currencies", List.of(),
                "progressive", true));
        assertThat(never.json().get("priorPriceRule")).isEqualTo(off);
        assertThat(put.json().get("priorPriceRule")).isEqualTo(off);
    }

    /** Leaving the rule out of a PUT keeps it in force: only an explicit rule turns it off. */
    @Test
    void aPolicyThatLeavesTheRuleOutKeepsItAndOnlyAnExplicitRuleTurnsItOff() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());
        api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("enabled", true, "windowDays", 45, "currencies", List.of("EUR"))));

        Api.Response kept = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", "30"));

        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        JsonNode on = mapper.valueToTree(Map.of("enabled", true, "windowDays", 45, "currencies", List.of("EUR"),
                "progressive", true));
        assertThat(kept.json().get("priorPriceRule")).isEqualTo(on);
        assertThat(kept.json().get("maxDecreasePercent").asText()).isEqualTo("30.00");
        Api.Response read = api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For",
                Long.toString(kept.position()));
        assertThat(read.json().get("priorPriceRule")).isEqualTo(on);

        Api.Response off = api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("enabled", false)));

        assertThat(off.json().at("/priorPriceRule/enabled").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For", Long.toString(off.position()))
                .json().at("/priorPriceRule/enabled").asBoolean()).isFalse();
    }

    @Test
    void aWindowOutsideOneTo365DaysIsA400NamingIt() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());

        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("enabled", true, "windowDays", 0))), "priorPriceRule.windowDays");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("enabled", true, "windowDays", 366))), "priorPriceRule.windowDays");
    }

    @Test
    void aCurrencyThatIsNotAnIsoCodeIsA400() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());

        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("currencies", List.of("euro")))), 400, null);
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("currencies", List.of("QQQ")))), "priorPriceRule.currencies");
    }

    @Test
    void anUnknownFieldOfTheRuleIsA400() {
        Api.TenantToken admin = api.newTenant("Prior " + UUID.randomUUID());

        assertProblem(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("priorPriceRule", Map.of("window", 30))), 400, null);
    }

    @Test
    void thePlatformAdminSetsATenantsTimeZone() {
        Api.TenantToken tenant = api.newTenant("Zone " + UUID.randomUUID());

        Api.Response put = api.send("PUT", "/admin/v1/tenants/" + tenant.tenantId() + "/time-zone",
                api.adminToken(), Map.of("timeZone", "Europe/Berlin"));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("timeZone").asText()).isEqualTo("Europe/Berlin");
        Api.Response audit = api.get("/api/v1/audit?entityType=tenant", tenant.token(), "X-Calibrate-Wait-For",
                Long.toString(put.position()));
        assertThat(audit.json().get("items").findValuesAsText("action")).contains("TenantTimeZoneChanged");
        JsonNode listed = null;
        for (int page = 0; listed == null; page++) {
            JsonNode tenants = api.get("/admin/v1/tenants?size=500&page=" + page, api.adminToken(),
                    "X-Calibrate-Wait-For", Long.toString(put.position())).json();
            assertThat(tenants.get("items")).as("the tenant is listed").isNotEmpty();
            for (JsonNode t : tenants.get("items")) if (t.get("id").asText().equals(tenant.tenantId())) listed = t;
        }
        assertThat(listed.get("timeZone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aZoneOutsideTheIanaDatabaseIsA400() {
        Api.TenantToken tenant = api.newTenant("Zone " + UUID.randomUUID());
        String path = "/admin/v1/tenants/" + tenant.tenantId() + "/time-zone";

        assertInvalidField(api.send("PUT", path, api.adminToken(), Map.of("timeZone", "Mars/Olympus_Mons")), "timeZone");
        assertInvalidField(api.send("PUT", path, api.adminToken(), Map.of("timeZone", "+02:00")), "timeZone");
        assertProblem(api.send("PUT", path, api.adminToken(), Map.of()), 400, null);
    }

    @Test
    void anUnknownTenantIsA404AndATenantTokenMayNotSetIt() {
        Api.TenantToken tenant = api.newTenant("Zone " + UUID.randomUUID());

        assertProblem(api.send("PUT", "/admin/v1/tenants/" + UUID.randomUUID() + "/time-zone", api.adminToken(),
                Map.of("timeZone", "UTC")), 404, "not-found");
        Api.Response byTenant = api.send("PUT", "/admin/v1/tenants/" + tenant.tenantId() + "/time-zone",
                tenant.token(), Map.of("timeZone", "UTC"));
        assertThat(byTenant.status()).isIn(401, 403);
    }
}
