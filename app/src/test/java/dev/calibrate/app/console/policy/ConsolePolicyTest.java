package dev.calibrate.app.console.policy;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.ConsoleClient.Page;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guardrails editor: saved through the policy API's handler, its errors beside their fields, admin only. */
class ConsolePolicyTest extends IntegrationTest {

    @Test
    void anAdminSavesThePolicyAndTheApiReadsItBack() {
        Api.TenantToken acme = api.newTenant("Policy Acme");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        Page editor = browser.get("/console/policy");
        assertThat(editor.status()).isEqualTo(200);
        assertThat(editor.body()).contains("<label for=\"maxDecreasePercent\">");
        assertThat(editor.body()).contains("counted in\n        <strong>UTC</strong>");

        Page saved = browser.post("/console/policy", form("20", "15", "USD 4.99\nEUR 3.50", "", "true"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(saved.location()).endsWith("/console/policy");

        Page after = browser.get("/console/policy");
        assertThat(after.body()).contains("The policy is saved.").contains("value=\"20.00\"").contains("USD 4.99")
                .contains("EUR 3.50");
        assertThat(browser.get("/console/policy").body()).doesNotContain("The policy is saved.");
        Api.Response policy = api.get("/api/v1/policy", acme.token());
        assertThat(new java.math.BigDecimal(policy.json().path("maxDecreasePercent").asText())).isEqualByComparingTo("20");
        assertThat(new java.math.BigDecimal(policy.json().path("floors").path("USD").asText())).isEqualByComparingTo("4.99");
        assertThat(policy.json().path("enforceMap").asBoolean()).isTrue();
        assertThat(policy.json().path("selfApprovalAllowed").asBoolean()).isFalse();
    }

    @Test
    void theEditorShowsTheTenantsTimeZone() {
        Api.TenantToken acme = api.newTenant("Policy zone");
        Api.Response set = api.send("PUT", "/admin/v1/tenants/" + acme.tenantId() + "/time-zone", api.adminToken(),
                Map.of("timeZone", "Europe/Berlin"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        api.get("/api/v1/policy", acme.token(), "X-Calibrate-Wait-For", String.valueOf(set.position()));
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());

        assertThat(browser.get("/console/policy").body()).contains("<strong>Europe/Berlin</strong>");
    }

    /** The editor does not show the approval thresholds, and saving it must not drop them. */
    @Test
    void savingTheGuardrailsKeepsTheApprovalThresholds() {
        Api.TenantToken acme = api.newTenant("Policy thresholds");
        Map<String, Object> thresholds = Map.of("maxDecreasePercent", "25", "maxRevenueImpact", Map.of("USD", "900"),
                "requires", "two_approvers");
        assertThat(api.send("PUT", "/api/v1/policy", acme.token(), Map.of("approvalThresholds", thresholds)).status())
                .isEqualTo(200);
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        browser.get("/console/policy");

        Page saved = browser.post("/console/policy", form("20", "15", "USD 4.99", "", "true"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);

        Api.Response policy = api.get("/api/v1/policy", acme.token());
        assertThat(policy.json().path("maxDecreasePercent").asText()).isEqualTo("20.00");
        assertThat(policy.json().path("approvalThresholds")).isEqualTo(mapper.valueToTree(Map.of(
                "maxDecreasePercent", "25.00", "maxRevenueImpact", Map.of("USD", "900.00"), "requires", "two_approvers")));
    }

    @Test
    void aBadValueIsShownBesideItsFieldWithWhatWasTyped() {
        Api.TenantToken acme = api.newTenant("Policy Typo");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        browser.get("/console/policy");

        Page refused = browser.post("/console/policy", form("20", "lots", "USD 4.99", "", null));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"maxIncreasePercent-error\"").contains("value=\"lots\"")
                .contains("value=\"20\"").contains("USD 4.99");
        assertThat(refused.body()).containsPattern("id=\"maxIncreasePercent\"[^>]*aria-invalid=\"true\"");

        Page badLine = browser.post("/console/policy", form("", "", "USD", "", null));
        assertThat(badLine.status()).isEqualTo(422);
        assertThat(badLine.body()).contains("id=\"floors-error\"").contains("line 1 must be a currency and an amount");

        Page badCurrencyDecimals = browser.post("/console/policy", form("", "", "", "JPY 4.5", null));
        assertThat(badCurrencyDecimals.status()).isEqualTo(422);
        assertThat(badCurrencyDecimals.body()).contains("id=\"ceilings-error\"");

        assertThat(api.get("/api/v1/policy", acme.token()).json().path("maxDecreasePercent").isMissingNode()
                || api.get("/api/v1/policy", acme.token()).json().path("maxDecreasePercent").isNull()).isTrue();
    }

    @Test
    void withoutTheAdminScopeThereIsNoEditorAndNoSaving() {
        Api.TenantToken acme = api.newTenant("Policy Reader");
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read", "prices:write");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(reader.token());
        Page dashboard = browser.get("/console");
        assertThat(dashboard.body()).doesNotContain("href=\"/console/policy\"");

        Page page = browser.get("/console/policy");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("admin permission");
        Page forged = browser.post("/console/policy", form("1", "", "", "", null));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/policy", acme.token()).json().path("maxDecreasePercent").isTextual()).isFalse();
    }

    @Test
    void savingWithoutTheCsrfTokenIsRefused() {
        Api.TenantToken acme = api.newTenant("Policy Csrf");
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(acme.token());
        browser.get("/console/policy");
        assertThat(browser.postRaw("/console/policy", form("5", "", "", "", null)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/policy", acme.token()).json().path("maxDecreasePercent").isTextual()).isFalse();
    }

    @Test
    void thePlatformAdminHasNoTenantPolicy() {
        ConsoleClient browser = new ConsoleClient(port);
        browser.signInWithToken(api.adminToken());
        assertThat(browser.get("/console/policy").status()).isEqualTo(403);
    }

    private static Map<String, String> form(String maxDecrease, String maxIncrease, String floors, String ceilings,
                                            String enforceMap) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("maxDecreasePercent", maxDecrease);
        form.put("maxIncreasePercent", maxIncrease);
        form.put("minMarginPercent", "");
        form.put("floors", floors);
        form.put("ceilings", ceilings);
        if (enforceMap != null) {
            form.put("enforceMap", enforceMap);
        }
        return form;
    }
}
