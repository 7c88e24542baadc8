package dev.calibrate.command.tenant;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.calibrate.kernel.tenant.PriorPriceRule;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantTimeZone;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantMessages.TenantTimeZoneChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static org.assertj.core.api.Assertions.assertThat;

/** The tenant's time zone and the prior-price rule of its policy (issue 20). */
class TenantPriorPriceSettingsTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TenantCreated CREATED = new TenantCreated(ACME, "Acme Outdoor", "EUR");

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    @Test
    void aTimeZoneOfTheIanaDatabaseIsRecorded() {
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, " Europe/Berlin "))
                .expectEvents(new TenantTimeZoneChanged(ACME, "Europe/Berlin"));
    }

    @Test
    void aNewTenantIsInUtcSoSettingUtcRecordsNothing() {
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, "UTC"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theSameZoneAgainRecordsNothing() {
        fixture.given(CREATED, new TenantTimeZoneChanged(ACME, "Europe/Berlin"))
                .when(new SetTenantTimeZone(ACME, "Europe/Berlin"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anUnknownZoneIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, "Mars/Olympus_Mons"))
                .expectException(invalidInputNaming("timeZone"))
                .expectNoEvents();
    }

    /** An offset has no daylight saving time: the window would be an hour off half the year. */
    @Test
    void aFixedOffsetIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, "+02:00"))
                .expectException(invalidInputNaming("timeZone"))
                .expectNoEvents();
    }

    @Test
    void aMissingOrBlankZoneIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, null))
                .expectException(invalidInputNaming("timeZone"));
        fixture.given(CREATED)
                .when(new SetTenantTimeZone(ACME, "  "))
                .expectException(invalidInputNaming("timeZone"));
    }

    @Test
    void aPolicyWithThePriorPriceRuleIsRecordedWithIt() {
        TenantPolicy withRule = withRule(new PriorPriceRule(true, 30, Set.of("EUR"), true));

        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, withRule))
                .expectEvents(new TenantPolicyChanged(ACME, withRule));
    }

    @Test
    void turningTheRuleOffIsAChange() {
        TenantPolicy on = withRule(new PriorPriceRule(true, 30, Set.of(), true));

        fixture.given(CREATED, new TenantPolicyChanged(ACME, on))
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted()))
                .expectEvents(new TenantPolicyChanged(ACME, TenantPolicy.unrestricted()));
    }

    @Test
    void aWindowOutsideOneTo365DaysIsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, withRule(new PriorPriceRule(true, 0, Set.of(), true))))
                .expectException(invalidInputNaming("priorPriceRule.windowDays"));
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, withRule(new PriorPriceRule(true, 366, Set.of(), true))))
                .expectException(invalidInputNaming("priorPriceRule.windowDays"));
    }

    @Test
    void theWindowBoundsThemselvesAreAccepted() {
        TenantPolicy one = withRule(new PriorPriceRule(true, 1, Set.of(), true));
        TenantPolicy year = withRule(new PriorPriceRule(true, 365, Set.of(), false));
        fixture.given(CREATED).when(new SetTenantPolicy(ACME, one)).expectEvents(new TenantPolicyChanged(ACME, one));
        fixture.given(CREATED).when(new SetTenantPolicy(ACME, year)).expectEvents(new TenantPolicyChanged(ACME, year));
    }

    @Test
    void aCurrencyThatIsNotIso4217IsRefused() {
        fixture.given(CREATED)
                .when(new SetTenantPolicy(ACME, withRule(new PriorPriceRule(true, 30, Set.of("EUR", "QQQ"), true))))
                .expectException(invalidInputNaming("priorPriceRule.currencies"));
    }

    /** Every TenantPolicyChanged stored before the rule existed has no priorPriceRule: it reads as off. */
    @Test
    void aPolicyEventStoredBeforeTheRuleReadsAsDisabled() throws Exception {
        TenantPolicy old = JsonMapper.builder().build().readValue("""
                {"maxDecreasePercent": 20, "floors": {}, "ceilings": {}, "enforceMap": false,
                 "selfApprovalAllowed": true}""", TenantPolicy.class);

        assertThat(old.priorPriceRule()).isEqualTo(PriorPriceRule.DISABLED);
        assertThat(old.priorPriceRule().covers("EUR")).isFalse();
        assertThat(old.selfApprovalAllowed()).isTrue();
    }

    @Test
    void theRuleCoversItsCurrenciesOrAllWhenItNamesNone() {
        assertThat(new PriorPriceRule(true, 30, Set.of(), true).covers("JPY")).isTrue();
        assertThat(new PriorPriceRule(true, 30, Set.of("EUR"), true).covers("EUR")).isTrue();
        assertThat(new PriorPriceRule(true, 30, Set.of("EUR"), true).covers("USD")).isFalse();
        assertThat(new PriorPriceRule(false, 30, Set.of(), true).covers("EUR")).isFalse();
    }

    private static TenantPolicy withRule(PriorPriceRule rule) {
        return new TenantPolicy(null, null, Map.of(), Map.of(), null, false, false, rule);
    }
}
