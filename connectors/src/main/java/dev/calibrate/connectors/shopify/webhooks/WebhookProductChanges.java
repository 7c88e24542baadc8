package dev.calibrate.connectors.shopify.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.shopify.catalog.ShopifyPayloads;
import dev.calibrate.connectors.shopify.catalog.ShopifyProduct;
import dev.calibrate.connectors.shopify.catalog.ShopifyProductsSeen;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks.VariantLink;
import dev.calibrate.connectors.shopify.catalog.ShopifyVariantLinks;
import dev.calibrate.connectors.shopify.catalog.VariantUpserts.Plan;
import dev.calibrate.connectors.shopify.catalog.VariantUpserts.Planned;
import dev.calibrate.connectors.shopify.catalog.VariantUpserts;
import dev.calibrate.connectors.shopify.connection.ShopConnection;
import dev.calibrate.connectors.shopify.webhooks.ShopifyWebhooks.Outcome;
import dev.calibrate.kernel.message.MetadataKeys;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.DeactivateProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What a product webhook changes in Calibrate, inside the transaction that records its receipt:
 * upserts and deactivations, unless what Shopify said is older than what Calibrate already took in.
 */
final class WebhookProductChanges {

    private static final Logger log = LoggerFactory.getLogger(WebhookProductChanges.class);

    private final ShopifyProductsSeen seen;
    private final ShopifyVariantLinks links;
    private final CommandGateway commands;

    WebhookProductChanges(ShopifyProductsSeen seen, ShopifyVariantLinks links, CommandGateway commands) {
        this.seen = seen;
        this.links = links;
        this.commands = commands;
    }

    /**
     * In the caller's transaction: unless the payload is stale, upserts each variant like an ingest does
     * (keeping the cost Calibrate has, which the payload lacks) and deactivates the product's linked
     * variants that are no longer in it.
     */
    Outcome changed(ShopConnection connection, JsonNode payload, String webhookId) {
        TenantId tenantId = connection.tenantId();
        ShopifyProduct product = ShopifyPayloads.productFromRest(payload);
        if (!seen.recordIfNewer(tenantId, product.gid(), product.updatedAt())) {
            return Outcome.STALE;
        }
        MetaData metadata = metadata(webhookId);
        Plan plan = VariantUpserts.plan(tenantId, connection.currency(), ShopifyPayloads.variantsFromRest(payload),
                productId -> links.cost(tenantId, productId));
        plan.warnings().forEach(warning -> log.warn("Shopify webhook {} for {}: {}", webhookId, product.gid(), warning));
        Set<ProductId> upserted = new HashSet<>();
        for (Planned item : plan.items()) {
            send(item.upsert(), metadata);
            upserted.add(item.productId());
        }
        for (VariantLink link : links.linksOf(tenantId, product.gid())) {
            if (link.active() && !upserted.contains(link.productId()) && !plan.unusable().contains(link.variantGid())) {
                send(new DeactivateProduct(link.productId(), tenantId), metadata);
            }
        }
        return Outcome.PROCESSED;
    }

    /**
     * Every linked variant of the product is deactivated; anything Shopify said about it before is stale.
     * A delete older than the last update taken in is stale itself: the product was re-created or
     * updated after it, and deactivating it now would undo that.
     */
    Outcome deleted(TenantId tenantId, JsonNode payload, Instant at, String webhookId) {
        String gid = ShopifyPayloads.text(payload, "admin_graphql_api_id");
        if (gid == null && payload.hasNonNull("id")) {
            gid = ShopifyPayloads.PRODUCT_GID + payload.get("id").asText();
        }
        if (gid == null) {
            throw new ShopifyWebhooks.Malformed("a products/delete payload needs the product's id");
        }
        if (!seen.recordDeletedIfNotOlder(tenantId, gid, at)) {
            return Outcome.STALE;
        }
        MetaData metadata = metadata(webhookId);
        for (VariantLink link : links.linksOf(tenantId, gid)) {
            if (link.active()) {
                send(new DeactivateProduct(link.productId(), tenantId), metadata);
            }
        }
        return Outcome.PROCESSED;
    }

    private static MetaData metadata(String webhookId) {
        return MetaData.with(MetadataKeys.ACTOR, ShopifyWebhooks.ACTOR).and(MetadataKeys.CORRELATION_ID, webhookId);
    }

    private <R> R send(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }
}
