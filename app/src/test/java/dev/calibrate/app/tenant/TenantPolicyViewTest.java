package dev.calibrate.app.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/policy: the tenant's guardrails as the last TenantPolicyChanged set them, or none, and its time zone. */
class TenantPolicyViewTest extends IntegrationTest {

    /** Percents at two decimals, as the kernel keeps them at least. */
    static final TenantPolicy STRICT = new TenantPolicy(new BigDecimal("30.00"), new BigDecimal("12.50"),
            Map.of("USD", Money.parse("9.99", "USD", "floor"), "JPY", Money.parse("900", "JPY", "floor")),
            Map.of("USD", Money.parse("500.00", "USD", "ceiling")), new BigDecimal("20.50"), true, false);

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Policy " + UUID.randomUUID());
    }

    @Test
    void aTenantThatNeverSetAPolicyHasNoGuardrails() {
        Api.Response policy = api.get("/api/v1/policy", acme.token());

        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        assertThat(policy.json()).isEqualTo(json("""
                {"floors": {}, "ceilings": {}, "enforceMap": false, "selfApprovalAllowed": false,
                 "priorPriceRule": {"enabled": false, "windowDays": 30, "currencies": [], "progressive": true},
                 "approvalThresholds": {"maxRevenueImpact": {}, "requires": "admin_or_two_approvers"},
                 "timeZone": "UTC"}"""));
    }

    @Test
    void thePolicySetLastIsShownWithAmountsAndPercentsAsDecimalStrings() {
        setPolicy(acme, TenantPolicy.unrestricted());
        long position = setPolicy(acme, STRICT);

        Api.Response policy = api.get("/api/v1/policy", acme.token(), EventPositions.WAIT_HEADER,
                String.valueOf(position));

        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        JsonNode body = policy.json();
        assertThat(body.get("updatedAt").asText()).isNotBlank();
        assertThat(body.get("updatedBy").asText()).isEqualTo(acme.tokenId());
        ((ObjectNode) body).remove(List.of("updatedAt", "updatedBy"));
        assertThat(body).isEqualTo(json("""
                {"maxDecreasePercent": "30.00", "maxIncreasePercent": "12.50",
                 "floors": {"JPY": "900", "USD": "9.99"}, "ceilings": {"USD": "500.00"},
                 "minMarginPercent": "20.50", "enforceMap": true, "selfApprovalAllowed": false,
                 "priorPriceRule": {"enabled": false, "windowDays": 30, "currencies": [], "progressive": true},
                 "approvalThresholds": {"maxRevenueImpact": {}, "requires": "admin_or_two_approvers"},
                 "timeZone": "UTC"}"""));
    }

    @Test
    void aPolicyStoredBeforeThePriorPriceRuleAndApprovalThresholdsExistedReadsWithBothOff() {
        jdbc.update("""
                INSERT INTO tenant_policy_view (tenant_id, policy, updated_at, updated_by)
                VALUES (?, CAST(? AS jsonb), now(), 'system')""", UUID.fromString(acme.tenantId()), """
                {"maxDecreasePercent": "25", "maxIncreasePercent": null, "floors": {"USD": "4.99"}, "ceilings": {},
                 "minMarginPercent": null, "enforceMap": false, "selfApprovalAllowed": true}""");

        Api.Response policy = api.get("/api/v1/policy", acme.token());

        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        JsonNode body = policy.json();
        ((ObjectNode) body).remove(List.of("updatedAt", "updatedBy"));
        assertThat(body).isEqualTo(json("""
                {"maxDecreasePercent": "25", "floors": {"USD": "4.99"}, "ceilings": {},
                 "enforceMap": false, "selfApprovalAllowed": true,
                 "priorPriceRule": {"enabled": false, "windowDays": 30, "currencies": [], "progressive": true},
                 "approvalThresholds": {"maxRevenueImpact": {}, "requires": "admin_or_two_approvers"},
                 "timeZone": "UTC"}"""));
    }

    @Test
    void aRowWithPropertiesALaterReleaseWroteOrAmountsAsTheFirstReleaseStoredThemReadsAsItKnowsThem() {
        jdbc.update("""
                INSERT INTO tenant_policy_view (tenant_id, policy, updated_at, updated_by)
                VALUES (?, CAST(? AS jsonb), now(), 'system')""", UUID.fromString(acme.tenantId()), """
                {"maxDecreasePercent": "25", "floors": {"USD": {"amount": "9.99", "currency": "USD"}},
                 "ceilings": {"USD": "500.00"}, "enforceMap": false, "selfApprovalAllowed": true,
                 "somethingNew": {"on": true},
                 "priorPriceRule": {"enabled": true, "currencies": ["EUR"], "later": 1},
                 "approvalThresholds": {"maxDecreasePercent": "40", "also": "new"}}""");

        Api.Response policy = api.get("/api/v1/policy", acme.token());

        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        JsonNode body = policy.json();
        assertThat(body.get("floors")).isEqualTo(json("""
                {"USD": "9.99"}"""));
        assertThat(body.get("ceilings")).isEqualTo(json("""
                {"USD": "500.00"}"""));
        assertThat(body.has("somethingNew")).isFalse();
        assertThat(body.get("priorPriceRule")).isEqualTo(json("""
                {"enabled": true, "windowDays": 30, "currencies": ["EUR"], "progressive": true}"""));
        assertThat(body.get("approvalThresholds")).isEqualTo(json("""
                {"maxDecreasePercent": "40", "maxRevenueImpact": {}, "requires": "admin_or_two_approvers"}"""));
    }

    @Test
    void aPriorPriceRuleStoredWithoutItsDefaultsReadsWithThem() {
        jdbc.update("""
                INSERT INTO tenant_policy_view (tenant_id, policy, updated_at, updated_by)
                VALUES (?, CAST(? AS jsonb), now(), 'system')""", UUID.fromString(acme.tenantId()), """
                {"floors": {}, "ceilings": {}, "enforceMap": false, "selfApprovalAllowed": false,
                 "priorPriceRule": {"enabled": true, "currencies": ["EUR"]},
                 "approvalThresholds": {"maxDecreasePercent": "40"}}""");

        JsonNode body = api.get("/api/v1/policy", acme.token()).json();

        assertThat(body.get("priorPriceRule")).isEqualTo(json("""
                {"enabled": true, "windowDays": 30, "currencies": ["EUR"], "progressive": true}"""));
        assertThat(body.get("approvalThresholds")).isEqualTo(json("""
                {"maxDecreasePercent": "40", "maxRevenueImpact": {}, "requires": "admin_or_two_approvers"}"""));
    }

    @Test
    void anyTenantTokenMayReadItsOwnTenantsPolicyOnly() {
        Api.TenantToken globex = api.newTenant("Policy other " + UUID.randomUUID());
        long position = setPolicy(acme, STRICT);
        String reader = api.token(acme.tenantId(), "catalog:read").token();

        Api.Response own = api.get("/api/v1/policy", reader, EventPositions.WAIT_HEADER, String.valueOf(position));
        Api.Response other = api.get("/api/v1/policy", globex.token(), EventPositions.WAIT_HEADER,
                String.valueOf(position));

        assertThat(own.json().get("maxDecreasePercent").asText()).isEqualTo("30.00");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().has("maxDecreasePercent")).isFalse();
        assertThat(other.json().has("updatedAt")).isFalse();
    }

    @Test
    void everyTenantTokenReadsItsOwnTenantsTimeZoneAsThePlatformAdminSetIt() {
        Api.TenantToken globex = api.newTenant("Policy other " + UUID.randomUUID());
        String reader = api.token(acme.tenantId(), "catalog:read").token();
        assertThat(api.get("/api/v1/policy", reader).json().get("timeZone").asText()).isEqualTo("UTC");

        Api.Response set = api.send("PUT", "/admin/v1/tenants/" + acme.tenantId() + "/time-zone", api.adminToken(),
                Map.of("timeZone", "Europe/Berlin"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        String after = String.valueOf(set.position());

        assertThat(api.get("/api/v1/policy", reader, EventPositions.WAIT_HEADER, after).json().get("timeZone")
                .asText()).isEqualTo("Europe/Berlin");
        assertThat(api.get("/api/v1/policy", globex.token(), EventPositions.WAIT_HEADER, after).json()
                .get("timeZone").asText()).isEqualTo("UTC");
        setPolicy(acme, STRICT);
        long policySet = setPolicy(acme, TenantPolicy.unrestricted());
        assertThat(api.get("/api/v1/policy", acme.token(), EventPositions.WAIT_HEADER, String.valueOf(policySet))
                .json().get("timeZone").asText()).as("a policy set later leaves the zone").isEqualTo("Europe/Berlin");
    }

    @Test
    void theAdminTokenAndNoTokenCannotReadAPolicy() {
        assertProblem(api.get("/api/v1/policy", null), 401, "unauthorized");
        assertProblem(api.get("/api/v1/policy", api.adminToken()), 403, "forbidden");
    }

    private long setPolicy(Api.TenantToken tenant, TenantPolicy policy) {
        return events.append("Tenant", tenant.tenantId(), tenant.tenantId(), tenant.tokenId(),
                new TenantPolicyChanged(TenantId.parse(tenant.tenantId()), policy));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
