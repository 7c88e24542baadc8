package dev.calibrate.connectors.amazon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import dev.calibrate.connectors.shopify.fake.FakeClock;
import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Login with Amazon client against the fake LWA: the grant, its errors, and the token cache. */
class LwaTokensTest {

    private static final FakeAmazon AMAZON = new FakeAmazon();
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-26T12:00:00Z"));
    private FakeSeller seller;
    private LwaTokens tokens;

    @AfterAll
    static void stop() {
        AMAZON.close();
    }

    @BeforeEach
    void setUp() {
        seller = AMAZON.addSeller("A" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase());
        AmazonSettings settings = new AmazonSettings(AMAZON.lwaUrl(), AMAZON.spApiBaseUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 10);
        tokens = new LwaTokens(settings, new AmazonMetrics(new SimpleMeterRegistry()), new ObjectMapper(),
                Optional.of(clock));
    }

    @Test
    void theRefreshTokenGrantGivesAnAccessToken() {
        LwaTokens.AccessToken token = tokens.exchange(credentials());

        assertThat(token.value()).startsWith("Atza|");
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(token.toString()).doesNotContain(token.value());
    }

    @Test
    void theTokenIsCachedUntilShortlyBeforeItExpires() {
        String first = tokens.accessToken(TENANT, credentials());
        clock.advance(Duration.ofSeconds(3539));
        for (int i = 0; i < 20; i++) {
            assertThat(tokens.accessToken(TENANT, credentials())).isEqualTo(first);
        }
        assertThat(seller.tokenRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));

        assertThat(tokens.accessToken(TENANT, credentials())).isNotEqualTo(first);
        assertThat(seller.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aForgottenTokenIsAskedForAgain() {
        tokens.accessToken(TENANT, credentials());

        tokens.forget(TENANT);
        tokens.accessToken(TENANT, credentials());

        assertThat(seller.tokenRequests()).isEqualTo(2);
    }

    @Test
    void aRevokedRefreshTokenIsInvalidGrantWithLwasDescription() {
        LwaCredentials old = credentials();
        seller.revokeRefreshToken();

        LwaException refused = catchThrowableOfType(() -> tokens.exchange(old), LwaException.class);

        assertThat(refused.refused()).isTrue();
        assertThat(refused.error()).isEqualTo("invalid_grant");
        assertThat(refused.description()).isEqualTo("The request has an invalid grant parameter : refresh_token");
        assertThat(refused.getMessage()).doesNotContain(old.refreshToken()).doesNotContain(old.clientSecret());
    }

    @Test
    void unknownAppCredentialsAreInvalidClient() {
        LwaException refused = catchThrowableOfType(() -> tokens.exchange(new LwaCredentials(seller.clientId(),
                "wrong-secret", seller.refreshToken())), LwaException.class);

        assertThat(refused.error()).isEqualTo("invalid_client");
        assertThat(refused.getMessage()).contains("HTTP 401");
    }

    @Test
    void anUnreachableLwaIsNotARefusal() {
        AMAZON.lwaUnavailableNext(3);
        int before = tokenRequests();

        LwaException failed = catchThrowableOfType(() -> tokens.exchange(credentials()), LwaException.class);

        assertThat(failed.refused()).isFalse();
        assertThat(failed.getMessage()).contains("HTTP 503");
        assertThat(tokenRequests() - before).isEqualTo(3);
    }

    @Test
    void aBriefOutageIsRetried() {
        AMAZON.lwaUnavailableNext(2);
        int before = tokenRequests();

        assertThat(tokens.exchange(credentials()).value()).startsWith("Atza|");
        assertThat(tokenRequests() - before).isEqualTo(3);
    }

    @Test
    void aRefusalIsNeverRetried() {
        int before = tokenRequests();

        catchThrowableOfType(() -> tokens.exchange(new LwaCredentials(seller.clientId(), seller.clientSecret(),
                "Atzr|revoked")), LwaException.class);

        assertThat(tokenRequests() - before).isEqualTo(1);
    }

    private int tokenRequests() {
        return (int) AMAZON.requests().stream().filter(r -> r.path().equals("/auth/o2/token")).count();
    }

    @Test
    void theGrantIsOneFormPostToLwa() {
        int before = AMAZON.requests().size();

        tokens.accessToken(TENANT, credentials());

        assertThat(AMAZON.requests().subList(before, AMAZON.requests().size()))
                .extracting(FakeAmazon.Request::method, FakeAmazon.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/auth/o2/token"));
    }

    private LwaCredentials credentials() {
        return new LwaCredentials(seller.clientId(), seller.clientSecret(), seller.refreshToken());
    }
}
