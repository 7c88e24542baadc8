package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Webhook settings that could not bound what a tenant starts are refused at startup, when they are bound. */
class WebhookSettingsTest {

    private static final Duration S5 = Duration.ofSeconds(5);
    private static final List<Duration> SCHEDULE = List.of(S5, Duration.ofMinutes(5));

    private static WebhookSettings settings(Duration timeout, Duration deadline, Duration poll, List<Duration> schedule,
                                            int workers, int perTenant, int lookupsPerTenant) {
        return new WebhookSettings(false, 20, 2000, timeout, Duration.ofHours(24), schedule, Duration.ofHours(1), poll,
                workers, perTenant, 100, deadline, 4, 1, lookupsPerTenant);
    }

    /** The switch docs/consumers.md names is the environment variable, as an operator sets it. */
    @Test
    void insecureTargetsAreAllowedOnlyWhenTheEnvironmentSaysSo() {
        assertThat(fromEnvironment(Map.of("CALIBRATE_WEBHOOKS_ALLOW_INSECURE", "true")).allowInsecure()).isTrue();
        assertThat(fromEnvironment(Map.of("CALIBRATE_WEBHOOKS_ALLOW_INSECURE", "false")).allowInsecure()).isFalse();
        assertThat(fromEnvironment(Map.of()).allowInsecure()).as("the default").isFalse();
    }

    private static WebhookSettings fromEnvironment(Map<String, Object> variables) {
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource("env", variables)));
        return binder.bindOrCreate("calibrate.webhooks", WebhookSettings.class);
    }

    /**
     * "A 5 s timeout": connecting and waiting for the answer each at most 5 s; the request as a whole (a
     * receiver trickling its answer) is cut at twice that, so a name lookup that used its 5 s still leaves the
     * request time to connect and be told apart ("dns failed" rather than "timeout").
     */
    @Test
    void byDefaultEachPhaseWaitsFiveSecondsAndARequestTenAtMost() {
        WebhookSettings defaults = fromEnvironment(Map.of());
        assertThat(defaults.timeout()).isEqualTo(S5);
        assertThat(defaults.requestDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fromEnvironment(Map.of("CALIBRATE_WEBHOOKS_DEADLINE", "2s")).requestDeadline())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theDefaultsAndSmallValuesAreAccepted() {
        assertThatCode(() -> settings(S5, null, Duration.ofSeconds(1), SCHEDULE, 16, 2, 2)).doesNotThrowAnyException();
        assertThatCode(() -> settings(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1),
                List.of(Duration.ofMillis(1)), 1, 1, 1)).doesNotThrowAnyException();
    }

    @Test
    void valuesThatBoundNothingAreRefused() {
        Duration poll = Duration.ofSeconds(1);
        assertThatThrownBy(() -> settings(Duration.ZERO, null, poll, SCHEDULE, 16, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> settings(S5, Duration.ofSeconds(-1), poll, SCHEDULE, 16, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
        assertThatThrownBy(() -> settings(S5, null, Duration.ZERO, SCHEDULE, 16, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poll-interval");
        assertThatThrownBy(() -> settings(S5, null, poll, List.of(S5, Duration.ZERO), 16, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry-schedule");
        assertThatThrownBy(() -> settings(S5, null, poll, SCHEDULE, 0, 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers");
        assertThatThrownBy(() -> settings(S5, null, poll, SCHEDULE, 16, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-in-flight-per-tenant");
        assertThatThrownBy(() -> settings(S5, null, poll, SCHEDULE, 16, 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-lookups-per-tenant");
    }
}
