package dev.calibrate.app.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertOutcome;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.product.ProductMessages.UpsertResult;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the Shopify connector does, without Shopify: its ingest upserts products with source
 * {@code shopify}, and its write-back records what became of each price, both as commands through
 * the command gateway; and what a user sees of it over HTTP.
 */
final class ChannelSteps {

    static final String SHOPIFY = "shopify";
    /** 10% off everything tagged summer, in USD. */
    static final Map<String, Object> TEN_PERCENT_OFF = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
            "transform", List.of(Map.of("op", "percent", "value", -10)),
            "currency", "USD");

    private final Api api;
    private final CommandGateway commands;
    private final EventPositions positions;

    ChannelSteps(Api api, CommandGateway commands, EventPositions positions) {
        this.api = api;
        this.commands = commands;
        this.positions = positions;
    }

    static ProductId id(Api.TenantToken tenant, String sku) {
        return ProductId.forSku(tenantId(tenant), sku);
    }

    static TenantId tenantId(Api.TenantToken tenant) {
        return new TenantId(UUID.fromString(tenant.tenantId()));
    }

    static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }

    /** The Shopify ingest's upsert of one variant, linked to Shopify unless {@code linked} is false. */
    UpsertOutcome ingest(Api.TenantToken tenant, String sku, String price, boolean linked) {
        Map<String, Map<String, String>> refs = linked
                ? Map.of(SHOPIFY, Map.of("productId", "gid://shopify/Product/" + sku,
                "variantId", "gid://shopify/ProductVariant/" + sku))
                : Map.of();
        UpsertResult result = commands.sendAndWait(new UpsertProduct(id(tenant, sku), tenantId(tenant), sku,
                new ProductDetails("Product " + sku, "Acme", "tee", List.of("summer"), null, refs), null,
                List.of(new ObservedPrice(usd(price), null)), SHOPIFY));
        return result.outcome();
    }

    /** The write-back's record of what became of the price {@code change} set on the product. */
    void record(Api.TenantToken tenant, String sku, String change, RunKind action, String price,
                ChannelSyncResult result, String reason, List<ChannelError> errors) {
        commands.sendAndWait(new RecordChannelPriceSync(id(tenant, sku), tenantId(tenant), SHOPIFY,
                new PriceChangeId(UUID.fromString(change)), action, usd(price), null, result, reason, errors));
    }

    void synced(Api.TenantToken tenant, String sku, String change, RunKind action, String price) {
        record(tenant, sku, change, action, price, ChannelSyncResult.SYNCED, null, null);
    }

    /** The product's current USD price in the catalog read model, once it shows every write so far. */
    String catalogPrice(Api.TenantToken tenant, String sku) {
        Api.Response product = api.get("/api/v1/products/" + id(tenant, sku), tenant.token(),
                EventPositions.WAIT_HEADER, Long.toString(positions.head()));
        assertThat(product.status()).as(product.body()).isEqualTo(200);
        return product.json().get("prices").get(0).get("amount").asText();
    }

    /** The drift list of Shopify as {@code tenant} sees it, once it shows every write so far. */
    JsonNode drifts(Api.TenantToken tenant, String query) {
        Api.Response drifts = api.get("/api/v1/connectors/shopify/drift" + query, tenant.token(),
                EventPositions.WAIT_HEADER, Long.toString(positions.head()));
        assertThat(drifts.status()).as(drifts.body()).isEqualTo(200);
        return drifts.json();
    }

    /** Every item of the change, once {@code expectation} holds for them (the sync states follow the records). */
    List<JsonNode> awaitItems(Api.TenantToken tenant, String change, Consumer<List<JsonNode>> expectation) {
        List<JsonNode> items = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            items.clear();
            api.get("/api/v1/price-changes/" + change + "/items?size=500", tenant.token()).json().get("items")
                    .forEach(items::add);
            expectation.accept(items);
        });
        return items;
    }

    static JsonNode item(List<JsonNode> items, String sku) {
        return items.stream().filter(i -> i.get("sku").asText().equals(sku)).findFirst().orElseThrow();
    }

    /** The product's event types from the event store, oldest first. */
    List<String> history(Api.TenantToken tenant, String sku) {
        List<String> types = new ArrayList<>();
        api.get("/api/v1/products/" + id(tenant, sku) + "/history", tenant.token()).json().get("events")
                .forEach(event -> types.add(event.get("type").asText()));
        return types;
    }
}
