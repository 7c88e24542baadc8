package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import dev.calibrate.kernel.tenant.TenantMessages.IssueApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.RevokeApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.SetTenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TokenId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.FeatureMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;
import static org.hamcrest.Matchers.contains;

class TenantTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TokenId CI_TOKEN = new TokenId(UUID.fromString("7a0c0de0-0000-4000-8000-0000000000c1"));
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static final Set<Scope> CATALOG = Set.of(Scope.CATALOG_READ, Scope.CATALOG_WRITE);
    private static final TenantPolicy GUARDED = new TenantPolicy(new BigDecimal("20"), new BigDecimal("30"),
            Map.of("USD", usd("5.00")), Map.of("USD", usd("500.00")), new BigDecimal("15"), true, false);

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void createTrimsTheName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "  Acme Outdoor  ", "EUR"))
                .expectEvents(new TenantCreated(ACME, "Acme Outdoor", "EUR"));
    }

    @Test
    void createAcceptsANameOf200Characters() {
        String longest = "n".repeat(Tenant.MAX_NAME_LENGTH);

        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, longest, "USD"))
                .expectEvents(new TenantCreated(ACME, longest, "USD"));
    }

    @Test
    void createRejectsABlankName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "   ", "EUR"))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void createRejectsANameLongerThan200Characters() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "n".repeat(201), "EUR"))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void createRejectsAnUnknownCurrencyNamingDefaultCurrency() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "Acme Outdoor", "ABC"))
                .expectException(invalidInputNaming("defaultCurrency"))
                .expectNoEvents();
    }

    @Test
    void createRejectsACurrencyPricesCannotBeSetIn() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "Acme Outdoor", "XXX"))
                .expectException(invalidInputNaming("defaultCurrency"))
                .expectNoEvents();
    }

    @Test
    void issueTokenTrimsTheName() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, " ci ", CATALOG, NEXT_YEAR, null))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, NEXT_YEAR, null));
    }

    @Test
    void issueTokenWithoutExpiryNeverExpires() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, null))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, null, null));
    }

    @Test
    void issueTokenRecordsTheTrimmedSubject() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, " alice@acme.example "))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, null, "alice@acme.example"));
    }

    @Test
    void issueTokenRejectsABlankSubject() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, "  "))
                .expectException(invalidInputNaming("subject"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsASubjectLongerThan200Characters() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, "a".repeat(201)))
                .expectException(invalidInputNaming("subject"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsControlCharactersInTheSubject() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, "alice\u0000"))
                .expectException(invalidInputNaming("subject"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsInvisibleFormattingCharactersInTheSubject() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null, "ali\u200Bce@acme.example"))
                .expectException(invalidInputNaming("subject"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsABlankName() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "", CATALOG, NEXT_YEAR, null))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsNoScopes() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", Set.of(), NEXT_YEAR, null))
                .expectException(invalidInputNaming("scopes"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsAnExpiryThatIsNow() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, NOW, null))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsAnExpiryInThePast() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, NOW.minusSeconds(1), null))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void issueTokenAcceptsAnExpiryJustAfterNow() {
        Instant inASecond = NOW.plusSeconds(1);

        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, inASecond, null))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, inASecond, null));
    }

    @Test
    void issueTokenRejectsATokenIdThatWasAlreadyIssued() {
        fixture.given(acmeCreated(), ciTokenIssued())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci again", CATALOG, NEXT_YEAR, null))
                .expectException(invalidInputNaming("tokenId"))
                .expectNoEvents();
    }

    @Test
    void revokeTokenRevokesAnIssuedToken() {
        fixture.given(acmeCreated(), ciTokenIssued())
                .when(new RevokeApiToken(ACME, CI_TOKEN))
                .expectEvents(new ApiTokenRevoked(ACME, CI_TOKEN));
    }

    @Test
    void revokeTokenAgainEmitsNothing() {
        fixture.given(acmeCreated(), ciTokenIssued(), new ApiTokenRevoked(ACME, CI_TOKEN))
                .when(new RevokeApiToken(ACME, CI_TOKEN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void revokeTokenOfAnUnknownTokenIsNotFound() {
        fixture.given(acmeCreated(), ciTokenIssued())
                .when(new RevokeApiToken(ACME, TokenId.random()))
                .expectException(NotFound.class)
                .expectNoEvents();
    }

    // --- pricing policy -------------------------------------------------------------------

    @Test
    void setPolicyRecordsTheNewPolicy() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, GUARDED))
                .expectEvents(new TenantPolicyChanged(ACME, GUARDED));
    }

    @Test
    void setPolicyAgainWithTheSamePolicyRecordsNothing() {
        fixture.given(acmeCreated(), new TenantPolicyChanged(ACME, GUARDED))
                .when(new SetTenantPolicy(ACME, GUARDED))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    /** A client that sends back the policy it read, with 20 written as 20.0, changes nothing. */
    @Test
    void setPolicyWithTheSamePercentsWrittenDifferentlyRecordsNothing() {
        TenantPolicy sameGuardrails = new TenantPolicy(new BigDecimal("20.0"), new BigDecimal("30.00"),
                GUARDED.floors(), GUARDED.ceilings(), new BigDecimal("15.000"), true, false);

        fixture.given(acmeCreated(), new TenantPolicyChanged(ACME, GUARDED))
                .when(new SetTenantPolicy(ACME, sameGuardrails))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void setPolicyWithAnotherPercentRecordsIt() {
        TenantPolicy looser = new TenantPolicy(new BigDecimal("25"), GUARDED.maxIncreasePercent(),
                GUARDED.floors(), GUARDED.ceilings(), GUARDED.minMarginPercent(), true, false);

        fixture.given(acmeCreated(), new TenantPolicyChanged(ACME, GUARDED))
                .when(new SetTenantPolicy(ACME, looser))
                .expectEvents(new TenantPolicyChanged(ACME, looser));
    }

    @Test
    void setPolicyToTheUnrestrictedDefaultOfANewTenantRecordsNothing() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void setPolicyBackToUnrestrictedRecordsIt() {
        fixture.given(acmeCreated(), new TenantPolicyChanged(ACME, GUARDED))
                .when(new SetTenantPolicy(ACME, TenantPolicy.unrestricted()))
                .expectEvents(new TenantPolicyChanged(ACME, TenantPolicy.unrestricted()));
    }

    @Test
    void setPolicyThatOnlyAllowsSelfApprovalRecordsIt() {
        TenantPolicy selfApproval = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, true);

        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, selfApproval))
                .expectEvents(new TenantPolicyChanged(ACME, selfApproval));
    }

    @Test
    void setPolicyRejectsANegativeMaxDecrease() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, percents("-1", null, null)))
                .expectException(invalidInputNaming("maxDecreasePercent"))
                .expectNoEvents();
    }

    @Test
    void setPolicyRejectsAMaxDecreaseOver100Percent() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, percents("100.01", null, null)))
                .expectException(invalidInputNaming("maxDecreasePercent"))
                .expectNoEvents();
    }

    @Test
    void setPolicyAcceptsAMaxDecreaseOfExactly100Percent() {
        TenantPolicy hundred = percents("100", null, null);

        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, hundred))
                .expectEvents(new TenantPolicyChanged(ACME, hundred));
    }

    @Test
    void setPolicyRejectsANegativeMaxIncrease() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, percents(null, "-5", null)))
                .expectException(invalidInputNaming("maxIncreasePercent"))
                .expectNoEvents();
    }

    /** A price may more than double; only a decrease is bounded by 100 percent. */
    @Test
    void setPolicyAcceptsAMaxIncreaseOver100Percent() {
        TenantPolicy doubling = percents(null, "150", null);

        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, doubling))
                .expectEvents(new TenantPolicyChanged(ACME, doubling));
    }

    @Test
    void setPolicyRejectsANegativeMinMargin() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, percents(null, null, "-0.5")))
                .expectException(invalidInputNaming("minMarginPercent"))
                .expectNoEvents();
    }

    @Test
    void setPolicyRejectsAMinMarginOf100Percent() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, percents(null, null, "100")))
                .expectException(invalidInputNaming("minMarginPercent"))
                .expectNoEvents();
    }

    @Test
    void setPolicyRejectsAFloorAboveTheCeiling() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, bounds(usd("20.00"), usd("19.99"))))
                .expectException(invalidInputNaming("ceilings.USD"))
                .expectNoEvents();
    }

    @Test
    void setPolicyAcceptsAFloorEqualToTheCeiling() {
        TenantPolicy fixedPrice = bounds(usd("20.00"), usd("20.00"));

        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, fixedPrice))
                .expectEvents(new TenantPolicyChanged(ACME, fixedPrice));
    }

    @Test
    void setPolicyRejectsAZeroFloor() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, bounds(usd("0.00"), null)))
                .expectException(invalidInputNaming("floors.USD"))
                .expectNoEvents();
    }

    @Test
    void setPolicyRejectsANegativeFloor() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, bounds(usd("-1.00"), null)))
                .expectException(invalidInputNaming("floors.USD"))
                .expectNoEvents();
    }

    @Test
    void setPolicyRejectsAZeroCeiling() {
        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, bounds(null, usd("0.00"))))
                .expectException(invalidInputNaming("ceilings.USD"))
                .expectNoEvents();
    }

    /** The client fixes everything in one round trip. */
    @Test
    void setPolicyNamesEveryInvalidField() {
        TenantPolicy allWrong = new TenantPolicy(new BigDecimal("-1"), new BigDecimal("-1"),
                Map.of("USD", usd("-1.00")), Map.of(), new BigDecimal("100"), false, false);

        fixture.given(acmeCreated())
                .when(new SetTenantPolicy(ACME, allWrong))
                .expectException(new FeatureMatcher<InvalidInput, List<String>>(
                        contains("maxDecreasePercent", "maxIncreasePercent", "minMarginPercent", "floors.USD"),
                        "an InvalidInput naming fields", "fields") {
                    @Override
                    protected List<String> featureValueOf(InvalidInput rejection) {
                        return rejection.violations().stream().map(InvalidInput.Violation::field).toList();
                    }
                })
                .expectNoEvents();
    }

    private static TenantPolicy percents(String maxDecrease, String maxIncrease, String minMargin) {
        return new TenantPolicy(decimal(maxDecrease), decimal(maxIncrease), Map.of(), Map.of(), decimal(minMargin),
                false, false);
    }

    private static TenantPolicy bounds(Money floor, Money ceiling) {
        return new TenantPolicy(null, null, floor == null ? Map.of() : Map.of("USD", floor),
                ceiling == null ? Map.of() : Map.of("USD", ceiling), null, false, false);
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    private static TenantCreated acmeCreated() {
        return new TenantCreated(ACME, "Acme Outdoor", "EUR");
    }

    private static ApiTokenIssued ciTokenIssued() {
        return new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, NEXT_YEAR, null);
    }
}
