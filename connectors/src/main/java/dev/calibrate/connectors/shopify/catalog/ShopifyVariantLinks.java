package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelProductEvent;
import dev.calibrate.kernel.message.BatchedWrites;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductEvent;
import dev.calibrate.kernel.product.ProductMessages.ProductReactivated;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which Calibrate product is which Shopify variant ({@code shopify_variant_link}), kept from product
 * events: {@code details.channelRefs.shopify} names the variant, and the row also keeps the product's
 * SKU, cost and active flag. It runs in the {@code shopify-channel} processing group, the same one as
 * the price write-back, so a product's link is always written before a later price event of that
 * product is handled there. Readers: ingest (which variants are gone), webhooks (a product's variants,
 * the cost a webhook does not carry) and the write-back (where a product's price goes).
 */
@Component
@ProcessingGroup(ShopifyVariantLinks.PROCESSING_GROUP)
public class ShopifyVariantLinks {

    public static final String PROCESSING_GROUP = "shopify-channel";

    private static final String COLUMNS = "tenant_id, product_id, sku, product_gid, variant_gid, cost, cost_currency, active";

    private static final String CREATED = "INSERT INTO shopify_variant_link (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (product_id) DO UPDATE SET sku = EXCLUDED.sku, product_gid = EXCLUDED.product_gid,"
            + " variant_gid = EXCLUDED.variant_gid, cost = EXCLUDED.cost, cost_currency = EXCLUDED.cost_currency,"
            + " active = EXCLUDED.active";
    private static final String DETAILS_CHANGED = "UPDATE shopify_variant_link SET product_gid = ?, variant_gid = ?,"
            + " cost = ?, cost_currency = ? WHERE tenant_id = ? AND product_id = ?";
    private static final String ACTIVE = "UPDATE shopify_variant_link SET active = ? WHERE tenant_id = ? AND product_id = ?";

    private final JdbcTemplate jdbc;

    public ShopifyVariantLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A product linked to a Shopify variant.
     *
     * @param cost   the product's cost (null when it has none), which a webhook keeps since it does not carry one
     * @param active whether the product is active in Calibrate
     */
    public record VariantLink(TenantId tenantId, ProductId productId, String sku, String productGid, String variantGid,
                              Money cost, boolean active) {
    }

    /** The linked variants of a Shopify product ({@code gid://shopify/Product/1}), in variant order. */
    public List<VariantLink> linksOf(TenantId tenantId, String productGid) {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_variant_link WHERE tenant_id = ? AND product_gid = ?"
                + " ORDER BY variant_gid", ROW, tenantId.value(), productGid);
    }

    /** The Shopify variant a product is linked to; empty when it is not (or unknown). Product ids are unique across tenants. */
    public Optional<VariantLink> link(ProductId productId) {
        writePending();
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_variant_link WHERE product_id = ? AND variant_gid IS NOT NULL",
                ROW, productId.value()).stream().findFirst();
    }

    /**
     * {@link #link}, for the write-back's handlers in this processing group: the first time a batch of events asks,
     * the links of every product its events name are read in one statement, not one per event (an apply's batch of
     * price events asked once per event); a link the batch writes after that is read again. Outside a batch (an
     * event handled alone) it is {@link #link}. Only for handlers of {@link #PROCESSING_GROUP}: the batch of another
     * group would not see this group's link writes and keep what it read for the whole batch.
     */
    public Optional<VariantLink> linkInBatch(ProductId productId) {
        writePending();
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch)) {
            return link(productId);
        }
        BatchLinks read = batch.getOrComputeResource(BatchLinks.KEY, key -> new BatchLinks());
        if (!read.asked.contains(productId)) {
            Set<ProductId> ids = new HashSet<>();
            ids.add(productId);
            for (Message<?> message : batch.getMessages()) {
                ProductId named = productNamedBy(message);
                if (named != null && !read.asked.contains(named)) ids.add(named);
            }
            jdbc.query("SELECT " + COLUMNS + " FROM shopify_variant_link WHERE product_id = ANY (CAST(? AS uuid[]))"
                            + " AND variant_gid IS NOT NULL", ROW,
                    (Object) ids.stream().map(id -> id.value().toString()).toArray(String[]::new))
                    .forEach(link -> read.links.put(link.productId(), link));
            read.asked.addAll(ids);
        }
        return Optional.ofNullable(read.links.get(productId));
    }

    /** The product a product or channel event names; null for any other message, or one that cannot be read. */
    private static ProductId productNamedBy(Message<?> message) {
        Class<?> type = message.getPayloadType();
        if (!ProductEvent.class.isAssignableFrom(type) && !ChannelProductEvent.class.isAssignableFrom(type)) {
            return null;
        }
        try {
            Object payload = message.getPayload();
            return payload instanceof ProductEvent product ? product.productId()
                    : payload instanceof ChannelProductEvent channel ? channel.productId() : null;
        } catch (RuntimeException unreadable) {
            // its own handler meets the failure, and its sequence alone is dead-lettered
            return null;
        }
    }

    /** Every product of the tenant linked to a Shopify variant. */
    public List<VariantLink> linked(TenantId tenantId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_variant_link WHERE tenant_id = ? AND variant_gid IS NOT NULL",
                ROW, tenantId.value());
    }

    /** The product's cost as Calibrate knows it, linked or not; null when it has none. */
    public Money cost(TenantId tenantId, ProductId productId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM shopify_variant_link WHERE tenant_id = ? AND product_id = ?",
                ROW, tenantId.value(), productId.value()).stream().findFirst().map(VariantLink::cost).orElse(null);
    }

    @EventHandler
    void on(ProductCreated event) {
        Refs refs = Refs.of(event.details());
        forget(event.productId());
        pending().add(CREATED, event.tenantId().value(), event.productId().value(), event.sku(), refs.productGid(),
                refs.variantGid(), amount(event.details().cost()), currency(event.details().cost()), event.active());
    }

    @EventHandler
    void on(ProductDetailsChanged event) {
        Refs refs = Refs.of(event.details());
        forget(event.productId());
        pending().add(DETAILS_CHANGED, refs.productGid(), refs.variantGid(), amount(event.details().cost()),
                currency(event.details().cost()), event.tenantId().value(), event.productId().value());
    }

    @EventHandler
    void on(ProductDeactivated event) {
        forget(event.productId());
        pending().add(ACTIVE, false, event.tenantId().value(), event.productId().value());
    }

    @EventHandler
    void on(ProductReactivated event) {
        forget(event.productId());
        pending().add(ACTIVE, true, event.tenantId().value(), event.productId().value());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM shopify_variant_link");
    }

    /**
     * The link writes of the batch being processed: consecutive ones of a kind go as one JDBC batch
     * when it prepares to commit (a bulk ingest's 1,000 new products are a few statements, not 1,000),
     * or, for an event handled alone after its batch failed, right after its handler.
     */
    private LinkWrites pending() {
        return BatchedWrites.pending(LinkWrites.class.getName(), () -> new LinkWrites(jdbc), LinkWrites::write);
    }

    /**
     * Writes the links the batch being processed has queued so far: the write-back's handlers in this
     * processing group read a product's link while the batch that created it may not have written it yet.
     */
    private void writePending() {
        if (CurrentUnitOfWork.isStarted()) {
            LinkWrites writes = CurrentUnitOfWork.get().root().getResource(LinkWrites.class.getName());
            if (writes != null) {
                writes.write();
            }
        }
    }

    /** A link the batch is about to write is read again by {@link #linkInBatch}, once written. */
    private static void forget(ProductId productId) {
        if (CurrentUnitOfWork.isStarted()) {
            BatchLinks read = CurrentUnitOfWork.get().root().getResource(BatchLinks.KEY);
            if (read != null) read.forget(productId);
        }
    }

    /** The links a batch has read: every product asked about, and the links of those that have one. */
    private static final class BatchLinks {
        static final String KEY = BatchLinks.class.getName();
        private final Set<ProductId> asked = new HashSet<>();
        private final Map<ProductId, VariantLink> links = new HashMap<>();

        void forget(ProductId productId) {
            asked.remove(productId);
            links.remove(productId);
        }
    }

    /** Link writes queued in order; {@link #write} runs those not yet run, so it may run more than once. */
    private static final class LinkWrites {
        private final JdbcTemplate jdbc;
        private final List<String> sql = new ArrayList<>();
        private final List<Object[]> args = new ArrayList<>();

        LinkWrites(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void add(String statement, Object... values) {
            sql.add(statement);
            args.add(values);
        }

        void write() {
            int from = 0;
            while (from < sql.size()) {
                int to = from;
                while (to < sql.size() && sql.get(to).equals(sql.get(from))) to++;
                jdbc.batchUpdate(sql.get(from), args.subList(from, to));
                from = to;
            }
            sql.clear();
            args.clear();
        }
    }

    /** Both ids or neither: a half-filled ref names no variant. */
    private record Refs(String productGid, String variantGid) {
        static Refs of(ProductDetails details) {
            Map<String, String> refs = details == null ? null : details.channelRefs().get(ChannelMessages.SHOPIFY);
            if (refs == null || refs.get("productId") == null || refs.get("variantId") == null) {
                return new Refs(null, null);
            }
            return new Refs(refs.get("productId"), refs.get("variantId"));
        }
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    private static String currency(Money money) {
        return money == null ? null : money.currency();
    }

    private static final RowMapper<VariantLink> ROW = (rs, n) -> {
        BigDecimal cost = rs.getBigDecimal("cost");
        String currency = rs.getString("cost_currency");
        return new VariantLink(new TenantId(rs.getObject("tenant_id", UUID.class)),
                new ProductId(rs.getObject("product_id", UUID.class)), rs.getString("sku"), rs.getString("product_gid"),
                rs.getString("variant_gid"), cost == null || currency == null ? null : new Money(cost, currency),
                rs.getBoolean("active"));
    };
}
