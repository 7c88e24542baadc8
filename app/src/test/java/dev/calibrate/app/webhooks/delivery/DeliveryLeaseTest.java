package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookSettingsFor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A delivery's lease outlives the request it covers, or the configuration is refused at startup. */
class DeliveryLeaseTest {

    @Test
    void theLeaseIsTheDeadlinePlusAMargin() {
        assertThat(DeliveryAttempts.lease(WebhookSettingsFor.sending(false, Duration.ofSeconds(5))))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(DeliveryAttempts.lease(WebhookSettingsFor.sending(false, Duration.ofSeconds(5),
                Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(35));
        assertThat(DeliveryAttempts.lease(WebhookSettingsFor.sending(false, Duration.ofMillis(200),
                Duration.ofMillis(500)))).as("at least a second's margin").isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void aConfigurationWhoseLeaseWouldNotOutliveTheRequestIsRefused() {
        // refused already as the settings are bound (WebhookSettingsTest), before a lease is worked out
        assertThatThrownBy(() -> DeliveryAttempts.lease(WebhookSettingsFor.sending(false, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> DeliveryAttempts.lease(WebhookSettingsFor.sending(false, Duration.ofSeconds(5),
                Duration.ofSeconds(-1)))).isInstanceOf(IllegalArgumentException.class);
    }
}
