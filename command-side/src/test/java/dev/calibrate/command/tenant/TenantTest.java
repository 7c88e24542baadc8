package dev.calibrate.command.tenant;

import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenIssued;
import dev.calibrate.kernel.tenant.TenantMessages.ApiTokenRevoked;
import dev.calibrate.kernel.tenant.TenantMessages.CreateTenant;
import dev.calibrate.kernel.tenant.TenantMessages.IssueApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.RevokeApiToken;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.kernel.tenant.TokenId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

import static dev.calibrate.command.InvalidInputMatcher.invalidInputNaming;

class TenantTest {

    private static final TenantId ACME = new TenantId(UUID.fromString("6f1c1e52-0000-4000-8000-00000000ac3e"));
    private static final TokenId CI_TOKEN = new TokenId(UUID.fromString("7a0c0de0-0000-4000-8000-0000000000c1"));
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static final Set<Scope> CATALOG = Set.of(Scope.CATALOG_READ, Scope.CATALOG_WRITE);

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
                .when(new IssueApiToken(ACME, CI_TOKEN, " ci ", CATALOG, NEXT_YEAR))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, NEXT_YEAR));
    }

    @Test
    void issueTokenWithoutExpiryNeverExpires() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, null))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, null));
    }

    @Test
    void issueTokenRejectsABlankName() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "", CATALOG, NEXT_YEAR))
                .expectException(invalidInputNaming("name"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsNoScopes() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", Set.of(), NEXT_YEAR))
                .expectException(invalidInputNaming("scopes"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsAnExpiryThatIsNow() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, NOW))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void issueTokenRejectsAnExpiryInThePast() {
        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, NOW.minusSeconds(1)))
                .expectException(invalidInputNaming("expiresAt"))
                .expectNoEvents();
    }

    @Test
    void issueTokenAcceptsAnExpiryJustAfterNow() {
        Instant inASecond = NOW.plusSeconds(1);

        fixture.given(acmeCreated())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci", CATALOG, inASecond))
                .expectEvents(new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, inASecond));
    }

    @Test
    void issueTokenRejectsATokenIdThatWasAlreadyIssued() {
        fixture.given(acmeCreated(), ciTokenIssued())
                .when(new IssueApiToken(ACME, CI_TOKEN, "ci again", CATALOG, NEXT_YEAR))
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

    private static TenantCreated acmeCreated() {
        return new TenantCreated(ACME, "Acme Outdoor", "EUR");
    }

    private static ApiTokenIssued ciTokenIssued() {
        return new ApiTokenIssued(ACME, CI_TOKEN, "ci", CATALOG, NEXT_YEAR);
    }
}
