package dev.calibrate.app.pricechange;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** PUT /api/v1/policy: who may, what is refused, and that each change is an audited event. */
class TenantPolicyHttpTest extends IntegrationTest {

    @Test
    void anAdminTokenReplacesThePolicyAndTheChangeIsAudited() {
        Api.TenantToken admin = api.newTenant("Acme");
        Api.Response put = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", "30",
                "floors", Map.of("USD", "5"), "ceilings", Map.of("USD", "500.00"), "minMarginPercent", "12.5",
                "enforceMap", true, "selfApprovalAllowed", false));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("maxDecreasePercent").asText()).isEqualTo("30.00");
        assertThat(put.json().get("floors").get("USD").asText()).isEqualTo("5.00");
        Api.Response read = api.get("/api/v1/policy", admin.token(), "X-Calibrate-Wait-For", Long.toString(put.position()));
        for (String field : new String[]{"maxDecreasePercent", "minMarginPercent", "floors", "ceilings", "enforceMap",
                "selfApprovalAllowed"}) {
            assertThat(read.json().get(field)).as("GET shows %s as PUT answered it", field).isEqualTo(put.json().get(field));
        }

        Api.Response audit = api.get("/api/v1/audit?entityType=tenant-policy", admin.token(),
                "X-Calibrate-Wait-For", Long.toString(put.position()));
        assertThat(audit.json().get("items")).hasSize(1);
        assertThat(audit.json().get("items").get(0).get("actor").asText()).isEqualTo(admin.tokenId());

        Api.Response same = api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", "30.0",
                "floors", Map.of("USD", "5.00"), "ceilings", Map.of("USD", "500"), "minMarginPercent", "12.50",
                "enforceMap", true));
        assertThat(same.status()).isEqualTo(200);
        Api.Response auditAgain = api.get("/api/v1/audit?entityType=tenant-policy", admin.token(),
                "X-Calibrate-Wait-For", Long.toString(same.position()));
        assertThat(auditAgain.json().get("items")).as("an unchanged policy records nothing").hasSize(1);
    }

    @Test
    void onlyAdminTokensMayChangeIt() {
        Api.TenantToken tenant = api.newTenant("Acme");
        Api.TenantToken pricer = api.token(tenant.tenantId(), "prices:write", "prices:approve");
        assertProblem(api.send("PUT", "/api/v1/policy", pricer.token(), Map.of("selfApprovalAllowed", true)),
                403, "missing-scope");
    }

    @Test
    void nonsenseIsRefusedNamingTheField() {
        Api.TenantToken admin = api.newTenant("Acme");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecreasePercent", "120")),
                "maxDecreasePercent");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxIncreasePercent", "-1")),
                "maxIncreasePercent");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("minMarginPercent", "100")),
                "minMarginPercent");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(),
                Map.of("floors", Map.of("USD", "50"), "ceilings", Map.of("USD", "40"))), "ceilings.USD");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("floors", Map.of("USD", "0"))),
                "floors.USD");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("floors", Map.of("XYZ", "1"))),
                "floors.XYZ");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("floors", Map.of("JPY", "1.5"))),
                "floors.JPY");
        assertInvalidField(api.send("PUT", "/api/v1/policy", admin.token(), Map.of("maxDecrease", "10")),
                "maxDecrease");
    }
}
