package dev.calibrate.app.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's record belongs to the price change and run that sent it, not to whichever setter has the
 * same amount: a rollback restoring the amount an earlier change had set must not take that change's
 * late records as its own.
 */
class ProvenanceChannelRecordsTest extends IntegrationTest {

    private static final Instant CREATED = Instant.parse("2026-10-02T09:00:00Z");

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anEarlierChangesLateRecordOfTheSameAmountIsNotTheRollbacksStatus() {
        Api.TenantToken acme = api.newTenant("Provenance records " + UUID.randomUUID());
        TenantId tenantId = TenantId.parse(acme.tenantId());
        ProductId product = ProductId.forSku(tenantId, "CR-1");
        PriceChangeId a = new PriceChangeId(UUID.randomUUID());
        PriceChangeId b = new PriceChangeId(UUID.randomUUID());
        store(acme, product,
                new ProductCreated(product, tenantId, "CR-1", new ProductDetails("Records", "Acme", null, List.of(),
                        null, Map.of("shopify", Map.of("variantId", "gid://shopify/ProductVariant/1"))), true),
                new ProductPriceChanged(product, tenantId, a, RunKind.APPLY, null, usd("12.00"), null, null, null),
                new ProductPriceChanged(product, tenantId, b, RunKind.APPLY, usd("12.00"), usd("15.00"), null, null,
                        null),
                new ProductPriceChanged(product, tenantId, b, RunKind.ROLLBACK, usd("15.00"), usd("12.00"), null, null,
                        null),
                // A's write-back failed late, after B's rollback had restored A's amount
                new ChannelPriceSyncFailed(product, tenantId, "shopify", a, RunKind.APPLY, usd("12.00"), "HTTP 502",
                        List.of()));

        JsonNode rollback = provenanceOk(acme, product);
        assertThat(rollback.get("origin").asText()).isEqualTo("PRICE_CHANGE_ROLLBACK");
        assertThat(rollback.at("/channels/0/channel").asText()).isEqualTo("shopify");
        assertThat(rollback.at("/channels/0/state").asText()).as("A's record is not the rollback's")
                .isEqualTo("PENDING");

        // B's apply record of the same amount is not the rollback's either; B's rollback record is
        store(acme, product,
                new ChannelPriceSynced(product, tenantId, "shopify", b, RunKind.APPLY, usd("12.00"), null));
        assertThat(provenanceOk(acme, product).at("/channels/0/state").asText()).isEqualTo("PENDING");
        store(acme, product,
                new ChannelPriceSynced(product, tenantId, "shopify", b, RunKind.ROLLBACK, usd("12.00"), null));
        JsonNode synced = provenanceOk(acme, product);
        assertThat(synced.at("/channels/0/state").asText()).isEqualTo("SYNCED");
        assertThat(synced.at("/channels/0/refs/variantId").asText()).isEqualTo("gid://shopify/ProductVariant/1");
    }

    /** Appends the events and waits for the catalog to hold them (the live price reads the product from it). */
    private void store(Api.TenantToken tenant, ProductId product, Object... events) {
        long head = new StoredEvents(eventStore, positions, jdbc).appendAt("Product", product.toString(),
                tenant.tenantId(), tenant.tokenId(), null, events);
        assertThat(api.get("/api/v1/products?size=1", tenant.token(), EventPositions.WAIT_HEADER,
                Long.toString(Math.max(head, positions.head()))).status()).isEqualTo(200);
    }

    private JsonNode provenanceOk(Api.TenantToken tenant, ProductId product) {
        Api.Response answer = api.get("/api/v1/products/" + product + "/provenance?currency=USD", tenant.token());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
