package dev.calibrate.app.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelSyncResult;
import dev.calibrate.kernel.channel.ChannelMessages.RecordChannelPriceSync;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the channel connectors and the competitor API do, for the provenance tests: a Shopify ingest run
 * (with its run id as correlation id, as {@code ShopifyIngest} sends it), an Amazon listing ingest, the
 * write-back's records, competitor observations; and the provenance read itself.
 */
final class ProvenanceSteps {

    static final String INGEST_RUN = "shopify-ingest-run-7";

    private final Api api;
    private final CommandGateway commands;

    ProvenanceSteps(Api api, CommandGateway commands) {
        this.api = api;
        this.commands = commands;
    }

    static ProductId id(Api.TenantToken tenant, String sku) {
        return ProductId.forSku(TenantId.parse(tenant.tenantId()), sku);
    }

    static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }

    /** The Shopify ingest's upsert of one variant (tagged "match", costing {@code cost}) at {@code price}. */
    void shopifyIngest(Api.TenantToken tenant, String sku, String price, String cost) {
        Map<String, Map<String, String>> refs = Map.of("shopify", Map.of("productId", "gid://shopify/Product/" + sku,
                "variantId", "gid://shopify/ProductVariant/" + sku));
        send(new UpsertProduct(id(tenant, sku), TenantId.parse(tenant.tenantId()), sku,
                new ProductDetails("Product " + sku, "Acme", "tee", List.of("match"), cost == null ? null : usd(cost),
                        refs), null, List.of(new ObservedPrice(usd(price), null)), "shopify"), "shopify-sync");
    }

    /** The Amazon ingest's upsert linking the product to a listing (Amazon is read only: its price is not sent). */
    void amazonListing(Api.TenantToken tenant, String sku) {
        send(new UpsertProduct(id(tenant, sku), TenantId.parse(tenant.tenantId()), sku,
                new ProductDetails("Product " + sku, "Acme", null, List.of(), null,
                        Map.of("amazon", Map.of("asin", "B0" + sku, "marketplaceId", "ATVPDKIKX0DER"))),
                null, List.of(), "amazon"), "amazon-sync");
    }

    /** The write-back's record of what Shopify made of the price {@code change} set. */
    void shopifyRecord(Api.TenantToken tenant, String sku, String change, RunKind action, String price,
                       ChannelSyncResult result, String reason, List<ChannelError> errors) {
        commands.sendAndWait(new RecordChannelPriceSync(id(tenant, sku), TenantId.parse(tenant.tenantId()), "shopify",
                new PriceChangeId(UUID.fromString(change)), action, usd(price), null, result, reason, errors));
    }

    String registerCompetitor(String token, String name, String domain) {
        Api.Response registered = api.post("/api/v1/competitors", token, Map.of("name", name, "domain", domain));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("id").asText();
    }

    /** Posts one observation; answers the write's event-store position. */
    /** Observes by SKU once the catalog read model holds {@code catalogAt} (it looks the SKU up there). */
    long observe(String token, String competitorId, String sku, String price, Instant observedAt, long catalogAt) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("price", price);
        item.put("currency", "USD");
        item.put("observedAt", observedAt.toString());
        Api.Response answer = api.post("/api/v1/competitors/" + competitorId + "/observations", token,
                Map.of("observations", List.of(item)), "X-Calibrate-Wait-For", Long.toString(catalogAt));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("accepted").asInt()).as(answer.body()).isEqualTo(1);
        return answer.position();
    }

    Api.Response provenance(String token, ProductId product, String query) {
        return api.get("/api/v1/products/" + product + "/provenance" + query, token);
    }

    JsonNode provenanceOk(String token, ProductId product, String query) {
        Api.Response answer = provenance(token, product, query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private void send(UpsertProduct upsert, String actor) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(upsert).andMetaData(
                MetaData.with(MetadataKeys.ACTOR, actor).and(MetadataKeys.CORRELATION_ID, INGEST_RUN)));
    }
}
