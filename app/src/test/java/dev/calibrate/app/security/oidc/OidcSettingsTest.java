package dev.calibrate.app.security.oidc;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The settings as an operator gives them, and what the console makes of them before any provider is asked. */
class OidcSettingsTest {

    @Test
    void noIssuerIsNoSingleSignOn() {
        assertThat(new OidcSettings("", "", "", null, null).enabled()).isFalse();
        assertThat(new OidcSettings("  ", "", "", null, null).enabled()).isFalse();
    }

    @Test
    void theEnvironmentVariablesTheDocsNameAreTheSettings() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "CALIBRATE_OIDC_ISSUER_URI", "https://login.example/realms/acme",
                "CALIBRATE_OIDC_CLIENT_ID", "console",
                "CALIBRATE_OIDC_CLIENT_SECRET", "secret",
                "CALIBRATE_OIDC_DISPLAY_NAME", "Acme Login",
                "CALIBRATE_OIDC_SCOPES", "openid,email")));
        ConfigurationPropertySources.attach(environment);

        OidcSettings settings = Binder.get(environment).bind("calibrate.oidc", OidcSettings.class).get();
        assertThat(settings.issuerUri()).isEqualTo("https://login.example/realms/acme");
        assertThat(settings.clientId()).isEqualTo("console");
        assertThat(settings.clientSecret()).isEqualTo("secret");
        assertThat(settings.displayName()).isEqualTo("Acme Login");
        assertThat(settings.scopes()).containsExactly("openid", "email");
        // what switches single sign-on's beans on
        assertThat(environment.getProperty("calibrate.oidc.issuer-uri")).isEqualTo(settings.issuerUri());
    }

    @Test
    void anIssuerWithoutTheClientsIdOrSecretStopsTheServerWithTheSettingsToSet() {
        assertThatThrownBy(() -> new OidcSettings("https://login.example", "console", "", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CALIBRATE_OIDC_CLIENT_SECRET");
        assertThatThrownBy(() -> new OidcSettings("https://login.example", "", "secret", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CALIBRATE_OIDC_CLIENT_ID");
    }

    @Test
    void theSecretIsNeverPrinted() {
        OidcSettings settings = new OidcSettings("https://login.example", "console", "s3cr3t-value", "Acme", null);
        assertThat(settings.toString()).doesNotContain("s3cr3t-value").contains("clientSecret=(set)");
    }

    @Test
    void openidIsAlwaysAskedForAndBlankNamesFallBack() {
        OidcSettings settings = new OidcSettings("https://login.example", "console", "secret", " ",
                List.of("email", " ", "profile", "email"));
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
    void aProviderThatCannotBeReachedIsNoRegistrationYetAndIsAskedAgainNextTime() {
        DiscoveredRegistration registration = new DiscoveredRegistration(
                new OidcSettings("http://127.0.0.1:9", "console", "secret", null, null),
                ConsoleSingleSignOn.redirectUriTemplate(""));
        assertThat(registration.findByRegistrationId("oidc")).isNull();
        assertThat(registration.findByRegistrationId("oidc")).isNull();
        assertThat(registration.findByRegistrationId("another")).isNull();
    }
}
