package dev.calibrate.command.tenant;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.ApprovalThresholds.RequiredApproval;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ThresholdPassed;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static org.assertj.core.api.Assertions.assertThat;

/** The approval thresholds of the tenant's policy (issue 20 item 11): set, kept when left out, validated, assessed. */
class TenantApprovalThresholdsTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantCreated CREATED = new TenantCreated(ACME, "Acme Outdoor", "EUR");
    private static final ApprovalThresholds THRESHOLDS = new ApprovalThresholds(new BigDecimal("20"),
            Map.of("EUR", eur("1000.00")), RequiredApproval.TWO_APPROVERS);

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    @Test
    void aPolicyWithThresholdsIsRecordedWithThem() {
        TenantPolicy policy = TenantPolicy.unrestricted().withApprovalThresholds(THRESHOLDS);

        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, policy))
                .expectEvents(new TenantPolicyChanged(ACME, policy));
    }

    @Test
    void aPolicyThatLeavesTheThresholdsOutKeepsThemAndTheRestChanges() {
        TenantPolicy inForce = TenantPolicy.unrestricted().withApprovalThresholds(THRESHOLDS);
        TenantPolicy guardrails = new TenantPolicy(new BigDecimal("30"), null, Map.of(), Map.of(), null, false, false);

        fixture.given(CREATED, new TenantPolicyChanged(ACME, inForce))
                .when(new SetTenantPolicy(ACME, guardrails, false, true))
                .expectEvents(new TenantPolicyChanged(ACME, guardrails.withApprovalThresholds(THRESHOLDS)))
                .expectResultMessagePayload(guardrails.withApprovalThresholds(THRESHOLDS));
    }

    @Test
    void leavingBothTheRuleAndTheThresholdsOutKeepsBoth() {
        PriorPriceRule rule = new PriorPriceRule(true, 30, Set.of("EUR"), true);
        TenantPolicy inForce = TenantPolicy.unrestricted().withPriorPriceRule(rule).withApprovalThresholds(THRESHOLDS);

        fixture.given(CREATED, new TenantPolicyChanged(ACME, inForce))
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted(), true, true))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void explicitlyNoThresholdsRemovesThem() {
        fixture.given(CREATED, new TenantPolicyChanged(ACME, TenantPolicy.unrestricted().withApprovalThresholds(THRESHOLDS)))
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted()))
                .expectEvents(new TenantPolicyChanged(ACME, TenantPolicy.unrestricted()));
    }

    @Test
    void theSameThresholdsWrittenDifferentlyChangeNothing() {
        TenantPolicy twenty = TenantPolicy.unrestricted().withApprovalThresholds(THRESHOLDS);
        TenantPolicy twentyPointZero = TenantPolicy.unrestricted().withApprovalThresholds(new ApprovalThresholds(
                new BigDecimal("20.000"), Map.of("EUR", eur("1000")), RequiredApproval.TWO_APPROVERS));

        fixture.given(CREATED, new TenantPolicyChanged(ACME, twenty))
                .when(new SetTenantPolicy(ACME, twentyPointZero))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aDecreaseThresholdOutsideZeroToHundredIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted().withApprovalThresholds(
                        new ApprovalThresholds(new BigDecimal("-1"), Map.of(), null))))
                .expectException(invalidInputNaming("approvalThresholds.maxDecreasePercent"));
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted().withApprovalThresholds(
                        new ApprovalThresholds(new BigDecimal("100.01"), Map.of(), null))))
                .expectException(invalidInputNaming("approvalThresholds.maxDecreasePercent"));
    }

    @Test
    void aRevenueImpactThresholdOfZeroIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted().withApprovalThresholds(
                        new ApprovalThresholds(null, Map.of("EUR", eur("0")), null))))
                .expectException(invalidInputNaming("approvalThresholds.maxRevenueImpact.EUR"));
    }

    /** Every TenantPolicyChanged stored before thresholds existed has none: one approver, as before. */
    @Test
    void aPolicyEventStoredBeforeThresholdsReadsAsNone() throws Exception {
        TenantPolicy old = JsonMapper.builder().build().readValue("""
                {"maxDecreasePercent": 20, "floors": {}, "ceilings": {}, "enforceMap": false,
                 "selfApprovalAllowed": true}""", TenantPolicy.class);

        assertThat(old.approvalThresholds()).isEqualTo(ApprovalThresholds.NONE);
        assertThat(old.approvalThresholds().any()).isFalse();
    }

    @Test
    void thresholdsRoundTripThroughJsonAsTheEventStoresThem() throws Exception {
        var json = JsonMapper.builder().findAndAddModules().build();
        TenantPolicy policy = TenantPolicy.unrestricted().withApprovalThresholds(THRESHOLDS);

        String written = json.writeValueAsString(policy);

        assertThat(written).contains("\"requires\":\"two_approvers\"");
        assertThat(json.readValue(written, TenantPolicy.class)).isEqualTo(policy);
    }

    // --- assessing a change's size ------------------------------------------------------------

    @Test
    void aChangeAtAThresholdDoesNotPassIt() {
        assertThat(THRESHOLDS.assess(new ChangeSize(new BigDecimal("20.00"), eur("1000.00")))).isEmpty();
    }

    @Test
    void aChangeBeyondEitherThresholdPassesIt() {
        assertThat(THRESHOLDS.assess(new ChangeSize(new BigDecimal("20.01"), eur("10.00")))).contains(
                new ApprovalNeed(RequiredApproval.TWO_APPROVERS,
                        List.of(new ThresholdPassed("maxDecreasePercent", "20", "20.01"))));
        assertThat(THRESHOLDS.assess(new ChangeSize(null, eur("1000.01")))).contains(
                new ApprovalNeed(RequiredApproval.TWO_APPROVERS,
                        List.of(new ThresholdPassed("maxRevenueImpact.EUR", "1000.00", "1000.01"))));
    }

    @Test
    void aRevenueImpactInACurrencyWithoutAThresholdPassesNothing() {
        assertThat(THRESHOLDS.assess(new ChangeSize(null, new Money(new BigDecimal("99999.00"), "USD")))).isEmpty();
    }

    @Test
    void noThresholdsPassNothing() {
        assertThat(ApprovalThresholds.NONE.assess(new ChangeSize(new BigDecimal("99"), eur("99999.00")))).isEmpty();
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }
}
