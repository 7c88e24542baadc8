package dev.calibrate.connectors.amazon.connection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.amazon.api.LwaCredentials;
import dev.calibrate.connectors.amazon.api.LwaTokens;
import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A server without a secrets key refuses to connect (503) before it asks Amazon anything or stores anything. */
class AmazonConnectorTest {

    @Test
    void withoutASecretsKeyNothingIsAskedOrStored() {
        try (FakeAmazon amazon = new FakeAmazon()) {
            FakeSeller seller = amazon.addSeller("ANOKEYSELLER1");
            AmazonSettings settings = new AmazonSettings(amazon.lwaUrl(), amazon.spApiBaseUrl(), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), 3, Duration.ofSeconds(60), 10);
            AmazonMetrics metrics = new AmazonMetrics(new SimpleMeterRegistry());
            LwaTokens tokens = new LwaTokens(settings, metrics, new ObjectMapper(), Optional.empty());
            SpApi spApi = new SpApi(settings, tokens, metrics, new ObjectMapper(), Optional.empty());
            // no repository, gateway or transactions: a connect without a key must not reach them
            AmazonConnector connector = new AmazonConnector(null, tokens, spApi, SecretBox.fromBase64Key(""), null,
                    null, Optional.empty());

            SecretBox.SecretsKeyMissing refused = catchThrowableOfType(() -> connector.connect(new TenantId(UUID.randomUUID()),
                    new AmazonConnector.ConnectRequest(seller.sellerId(), AmazonRegion.NA, List.of("ATVPDKIKX0DER"),
                            new LwaCredentials(seller.clientId(), seller.clientSecret(), seller.refreshToken()))),
                    SecretBox.SecretsKeyMissing.class);

            assertThat(refused.getStatusCode().value()).isEqualTo(503);
            assertThat(amazon.requests()).isEmpty();
        }
    }
}
