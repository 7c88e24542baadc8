package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.calibrate.command.pricechange.PriceChangeRejections.SelfApprovalForbidden;
import dev.calibrate.command.pricechange.approval.ApprovalRefused;
import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.ApprovePriceChange;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeFirstApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.ApprovalThresholds;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ChangeSize;
import dev.calibrate.kernel.tenant.ApprovalThresholds.RequiredApproval;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

/**
 * A change over one of the policy's approval thresholds needs an admin approver or two approvers,
 * never its author; under every threshold one approver is enough, as always.
 */
class PriceChangeApprovalThresholdsTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final PriceChangeId ID = new PriceChangeId(UUID.fromString("9c4a0000-0000-4000-8000-00000000c4a2"));
    private static final Actor ALICE = new Actor("token-alice", "alice@acme.example");
    private static final Actor BOB = new Actor("token-bob", "bob@acme.example");
    private static final Actor BOB_AGAIN = new Actor("token-bob-ci", "bob@acme.example");
    private static final Actor CAROL = new Actor("token-carol", "carol@acme.example");
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final String HASH = "sha256:a11c";
    private static final PreviewSummary SUMMARY = new PreviewSummary(2, 2, 0, 0, 0,
            new BigDecimal("-25.00"), new BigDecimal("-17.50"), new BigDecimal("-10.00"));
    /** Two items: one 25 % down, one 10 % down; 30.00 EUR moved in all. */
    private static final ChangeSize SIZE = new ChangeSize(new BigDecimal("25.00"), eur("30.00"));

    private FixtureConfiguration<PriceChange> fixture;
    private TenantPolicy policy = TenantPolicy.unrestricted();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PriceChange.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource((TenantPolicies) tenantId -> policy);
        fixture.registerInjectableResource(new PreviewStore() {
            @Override
            public void replace(TenantId tenantId, PriceChangeId id, PreviewCalculator.Computed preview) {
            }

            @Override
            public void discard(PriceChangeId id) {
            }
        });
    }

    /** The default, as issue 20 words it: an admin, or two approvers, whichever comes first. */
    @Test
    void byDefaultAnAdminApprovesAtOnce() {
        thresholds(new BigDecimal("20"), Map.of(), null);

        fixture.given(submittedHistory())
                .when(approve(BOB, true))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    @Test
    void byDefaultAnOrdinaryApproverIsTheFirstOfTwoAndAnotherPersonTheSecond() {
        thresholds(new BigDecimal("20"), Map.of(), null);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectEvents(new PriceChangeFirstApproved(ID, ACME, BOB, HASH, NOW));
        fixture.given(withFirstApproval(BOB))
                .when(approve(CAROL, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, CAROL, HASH, false, NOW));
        fixture.given(withFirstApproval(BOB))
                .when(approve(BOB_AGAIN, false))
                .expectException(refused(Rejection.Kind.CONFLICT, "admin_or_two_approvers", List.of("maxDecreasePercent")))
                .expectNoEvents();
        // the same person as an admin: the admin route alone is enough
        fixture.given(withFirstApproval(BOB))
                .when(approve(BOB_AGAIN, true))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB_AGAIN, HASH, false, NOW));
    }

    @Test
    void underEveryThresholdOneOrdinaryApproverApproves() {
        thresholds(new BigDecimal("30"), Map.of("EUR", eur("30.00")), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    @Test
    void overTheDecreaseThresholdAnAdminApproves() {
        thresholds(new BigDecimal("20"), Map.of(), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, true))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    @Test
    void overTheDecreaseThresholdAnApproverWithoutTheAdminRoleIsRefused() {
        thresholds(new BigDecimal("20"), Map.of(), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectException(refused(Rejection.Kind.FORBIDDEN, "admin", List.of("maxDecreasePercent")))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString(
                        "maxDecreasePercent 20 (it is 25.00): it needs an approver with the admin role"))
                .expectNoEvents();
    }

    @Test
    void overTheRevenueImpactThresholdAnApproverWithoutTheAdminRoleIsRefused() {
        thresholds(null, Map.of("EUR", eur("29.99")), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectException(refused(Rejection.Kind.FORBIDDEN, "admin", List.of("maxRevenueImpact.EUR")))
                .expectNoEvents();
    }

    @Test
    void aRevenueImpactThresholdOfAnotherCurrencyDoesNotApply() {
        thresholds(null, Map.of("USD", new Money(new BigDecimal("1.00"), "USD")), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    @Test
    void overBothThresholdsTheRefusalNamesBoth() {
        thresholds(new BigDecimal("20"), Map.of("EUR", eur("10.00")), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(BOB, false))
                .expectException(refused(Rejection.Kind.FORBIDDEN, "admin",
                        List.of("maxDecreasePercent", "maxRevenueImpact.EUR")))
                .expectNoEvents();
    }

    @Test
    void overAThresholdTheAuthorIsRefusedEvenAsAnAdminAndWithSelfApprovalAllowed() {
        policy = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true, null,
                new ApprovalThresholds(new BigDecimal("20"), Map.of(), RequiredApproval.ADMIN));

        fixture.given(submittedHistory())
                .when(approve(ALICE, true))
                .expectException(refused(Rejection.Kind.FORBIDDEN, "admin", List.of("maxDecreasePercent")))
                .expectNoEvents();
    }

    @Test
    void underEveryThresholdSelfApprovalStaysTheSelfApprovalPolicysCall() {
        thresholds(new BigDecimal("30"), Map.of(), RequiredApproval.ADMIN);

        fixture.given(submittedHistory())
                .when(approve(ALICE, true))
                .expectException(SelfApprovalForbidden.class)
                .expectNoEvents();
    }

    @Test
    void withTwoApproversRequiredTheFirstApprovalLeavesTheChangeWaitingForTheSecond() {
        thresholds(new BigDecimal("20"), Map.of(), RequiredApproval.TWO_APPROVERS);

        fixture.given(submittedHistory())
                .when(approve(BOB, true))
                .expectEvents(new PriceChangeFirstApproved(ID, ACME, BOB, HASH, NOW))
                .expectResultMessagePayload(dev.calibrate.kernel.pricechange.PriceChangeState.SUBMITTED);
    }

    @Test
    void withTwoApproversRequiredASecondPersonApproves() {
        thresholds(new BigDecimal("20"), Map.of(), RequiredApproval.TWO_APPROVERS);

        fixture.given(withFirstApproval(BOB))
                .when(approve(CAROL, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, CAROL, HASH, false, NOW))
                .expectResultMessagePayload(dev.calibrate.kernel.pricechange.PriceChangeState.APPROVED);
    }

    @Test
    void withTwoApproversRequiredTheFirstApproverCannotGiveTheSecondApprovalEvenWithAnotherToken() {
        thresholds(null, Map.of("EUR", eur("10.00")), RequiredApproval.TWO_APPROVERS);

        fixture.given(withFirstApproval(BOB))
                .when(approve(BOB_AGAIN, true))
                .expectException(refused(Rejection.Kind.CONFLICT, "two_approvers", List.of("maxRevenueImpact.EUR")))
                .expectNoEvents();
    }

    @Test
    void withTwoApproversRequiredTheAuthorIsRefused() {
        thresholds(new BigDecimal("20"), Map.of(), RequiredApproval.TWO_APPROVERS);

        fixture.given(withFirstApproval(BOB))
                .when(approve(ALICE, true))
                .expectException(refused(Rejection.Kind.FORBIDDEN, "two_approvers", List.of("maxDecreasePercent")))
                .expectNoEvents();
    }

    @Test
    void aThresholdRemovedAfterTheFirstApprovalLetsTheNextApproverApprove() {
        fixture.given(withFirstApproval(BOB))
                .when(approve(CAROL, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, CAROL, HASH, false, NOW));
    }

    @Test
    void aPreviewRecordedBeforeThresholdsExistedNeedsOneApprover() {
        thresholds(BigDecimal.ONE, Map.of(), RequiredApproval.TWO_APPROVERS);

        fixture.given(drafted(), new PriceChangePreviewed(ID, ACME, ALICE, HASH, SUMMARY, NOW), submitted())
                .when(approve(BOB, false))
                .expectEvents(new PriceChangeApproved(ID, ACME, BOB, HASH, false, NOW));
    }

    // --- history --------------------------------------------------------------------------

    private void thresholds(BigDecimal maxDecreasePercent, Map<String, Money> maxRevenueImpact,
                            RequiredApproval requires) {
        policy = TenantPolicy.unrestricted().withApprovalThresholds(
                new ApprovalThresholds(maxDecreasePercent, maxRevenueImpact, requires));
    }

    private static ApprovePriceChange approve(Actor approver, boolean admin) {
        return new ApprovePriceChange(ID, ACME, approver, HASH, admin);
    }

    private static List<Object> submittedHistory() {
        return List.of(drafted(), new PriceChangePreviewed(ID, ACME, ALICE, HASH, SUMMARY, SIZE, null, NOW), submitted());
    }

    private static List<Object> withFirstApproval(Actor first) {
        return List.of(drafted(), new PriceChangePreviewed(ID, ACME, ALICE, HASH, SUMMARY, SIZE, null, NOW), submitted(),
                new PriceChangeFirstApproved(ID, ACME, first, HASH, NOW));
    }

    private static PriceChangeDrafted drafted() {
        JsonNode rule = JsonNodeFactory.instance.objectNode().put("currency", "EUR");
        return new PriceChangeDrafted(ID, ACME, ALICE, new Definition("Winter sale", rule, null, null, null), NOW);
    }

    private static PriceChangeSubmitted submitted() {
        return new PriceChangeSubmitted(ID, ACME, ALICE, HASH, NOW);
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    /** An {@link ApprovalRefused} of this kind whose problem body names what is needed and which thresholds were passed. */
    private static Matcher<Object> refused(Rejection.Kind kind, String requires, List<String> passed) {
        return allOf(instanceOf(ApprovalRefused.class),
                new FeatureMatcher<Object, Object>(equalTo(kind), "a rejection of kind", "kind") {
                    @Override
                    protected Object featureValueOf(Object rejection) {
                        return ((Rejection) rejection).kind();
                    }
                },
                new FeatureMatcher<Object, Object>(equalTo(Map.of("state", "SUBMITTED", "requires", requires,
                        "thresholdsPassed", passed)), "problem properties", "properties") {
                    @Override
                    protected Object featureValueOf(Object rejection) {
                        return ((Rejection) rejection).problemProperties();
                    }
                });
    }
}
