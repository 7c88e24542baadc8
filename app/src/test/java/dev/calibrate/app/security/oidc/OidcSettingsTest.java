package dev.calibrate.app.security.oidc;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings as an operator gives them, and what the console makes of them before any provider is asked. */
class OidcSettingsTest {

    @Test
    void noIssuerIsNoSingleSignOn() {
        assertThat(new OidcSettings("", "", "", null, null, null, null).enabled()).isFalse();
        assertThat(new OidcSettings("  ", "", "", null, null, null, null).enabled()).isFalse();
    }

    @Test
    void theEnvironmentVariablesTheDocsNameAreTheSettings() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "CALIBRATE_OIDC_ISSUER_URI", "https://login.example/realms/acme",
                "CALIBRATE_OIDC_CLIENT_ID", "console",
                "CALIBRATE_OIDC_CLIENT_SECRET", "secret",
                "CALIBRATE_OIDC_DISPLAY_NAME", "Acme Login",
                "CALIBRATE_OIDC_SCOPES", "openid,email",
                "CALIBRATE_OIDC_TIMEOUT", "3s",
                "CALIBRATE_OIDC_RETRY_AFTER", "1m")));
        ConfigurationPropertySources.attach(environment);

        OidcSettings settings = Binder.get(environment).bind("calibrate.oidc", OidcSettings.class).get();
        assertThat(settings.issuerUri()).isEqualTo("https://login.example/realms/acme");
        assertThat(settings.clientId()).isEqualTo("console");
        assertThat(settings.clientSecret()).isEqualTo("secret");
        assertThat(settings.displayName()).isEqualTo("Acme Login");
        assertThat(settings.scopes()).containsExactly("openid", "email");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        // what switches single sign-on's beans on
        assertThat(environment.getProperty("calibrate.oidc.issuer-uri")).isEqualTo(settings.issuerUri());
    }

    @Test
    void anIssuerWithoutTheClientsIdOrSecretStopsTheServerWithTheSettingsToSet() {
        assertThatThrownBy(() -> new OidcSettings("https://login.example", "console", "", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CALIBRATE_OIDC_CLIENT_SECRET");
        assertThatThrownBy(() -> new OidcSettings("https://login.example", "", "secret", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CALIBRATE_OIDC_CLIENT_ID");
    }

    @Test
    void theSecretIsNeverPrinted() {
        OidcSettings settings = new OidcSettings("https://login.example", "console", "s3cr3t-value", "Acme", null, null, null);
        assertThat(settings.toString()).doesNotContain("s3cr3t-value").contains("clientSecret=(set)");
    }

    @Test
    void openidIsAlwaysAskedForAndBlankNamesFallBack() {
        OidcSettings settings = new OidcSettings("https://login.example", "console", "secret", " ",
                List.of("email", " ", "profile", "email"), null, null);
        assertThat(settings.scopes()).containsExactly("openid", "email", "profile");
        assertThat(settings.displayName()).isEqualTo("single sign-on");
    }

    @Test
    void theRedirectUriIsUnderTheConsoleAndAbsoluteWithThePublicUrl() {
        assertThat(ConsoleSingleSignOn.redirectUriTemplate(""))
                .isEqualTo("{baseUrl}/console/login/oauth2/code/{registrationId}");
        assertThat(ConsoleSingleSignOn.redirectUriTemplate("https://calibrate.acme.example/"))
                .isEqualTo("https://calibrate.acme.example/console/login/oauth2/code/{registrationId}");
    }

    @Test
    void aProviderThatCannotBeReachedIsNoRegistrationYetAndIsAskedAgainOnlyAfterAWhile() {
        MovableClock clock = new MovableClock();
        DiscoveredRegistration registration = new DiscoveredRegistration(
                new OidcSettings("http://127.0.0.1:9", "console", "secret", null, null, null, Duration.ofSeconds(30)),
                ConsoleSingleSignOn.redirectUriTemplate(""), new ProviderCalls(Duration.ofSeconds(1)), clock);
        assertThat(registration.findByRegistrationId("oidc")).isNull();
        assertThat(registration.findByRegistrationId("another")).isNull();
        clock.advance(Duration.ofSeconds(31));
        assertThat(registration.findByRegistrationId("oidc")).isNull();
    }

    @Test
    void aSlowProviderHoldsOneRequestForTheTimeoutAtMostAndTheOthersNotAtAll() throws Exception {
        try (FakeOidcProvider provider = new FakeOidcProvider()) {
            MovableClock clock = new MovableClock();
            DiscoveredRegistration registration = new DiscoveredRegistration(
                    new OidcSettings(provider.issuer(), FakeOidcProvider.CLIENT_ID, FakeOidcProvider.CLIENT_SECRET,
                            null, null, Duration.ofMillis(500), Duration.ofSeconds(30)),
                    ConsoleSingleSignOn.redirectUriTemplate(""), new ProviderCalls(Duration.ofMillis(500)), clock);
            provider.slow("/.well-known/openid-configuration", Duration.ofSeconds(4));

            long started = System.nanoTime();
            CompletableFuture<ClientRegistration> first =
                    CompletableFuture.supplyAsync(() -> registration.findByRegistrationId("oidc"));
            while (provider.discoveries() == 0 && System.nanoTime() - started < 3_000_000_000L) {
                Thread.sleep(10);
            }
            assertThat(provider.discoveries()).isEqualTo(1);
            long meanwhile = System.nanoTime();
            assertThat(registration.findByRegistrationId("oidc")).as("another request while one asks").isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - meanwhile)).isLessThan(Duration.ofMillis(300));

            assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the timeout, not the provider's 4 s")
                    .isLessThan(Duration.ofSeconds(3));

            // the failure is remembered: nobody asks the provider again for a while
            assertThat(registration.findByRegistrationId("oidc")).isNull();
            clock.advance(Duration.ofSeconds(29));
            assertThat(registration.findByRegistrationId("oidc")).isNull();
            assertThat(provider.discoveries()).isEqualTo(1);

            provider.slow("/.well-known/openid-configuration", Duration.ZERO);
            clock.advance(Duration.ofSeconds(2));
            ClientRegistration found = registration.findByRegistrationId("oidc");
            assertThat(found).isNotNull();
            assertThat(found.getProviderDetails().getTokenUri()).isEqualTo(provider.issuer() + "/token");
            assertThat(provider.discoveries()).isEqualTo(2);
            assertThat(registration.findByRegistrationId("oidc")).isSameAs(found);
            assertThat(provider.discoveries()).isEqualTo(2);
        }
    }

    @Test
    void theTimeoutsDefaultToFiveSecondsAndAFailureIsRememberedForThirty() {
        OidcSettings settings = new OidcSettings("https://login.example", "console", "secret", null, null, null, null);
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
