package dev.calibrate.connectors.shopify.writeback;

import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.DELIVERY;
import static dev.calibrate.connectors.shopify.writeback.DeliveryRows.INTENT_COLUMNS;

/**
 * What a write-back round sends: the pending deliveries ({@link ShopifyDeliveries}) due now, and which
 * of them wait for siblings. Reads the delivery record, the variant links and the price change runs
 * going on ({@link ShopifyRunningChanges}); writes nothing.
 */
@Repository
public class DueDeliveries {

    private final JdbcTemplate jdbc;

    public DueDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A round's due deliveries, by Shopify product: {@code ready} go now, {@code held} wait for siblings.
     * A Shopify product's due deliveries are held together, and only while each of them is a first
     * attempt, younger than {@code window}, of a price change whose run is still going on, and an active
     * sibling variant of that product has no price of the same change yet: it may still come, and then
     * goes in the same call. Anything else (a retry, a drift repair, a finished run, a product whose
     * every variant is there, the window over) is ready.
     */
    public record Due(List<Delivery> ready, List<Delivery> held) {

        public boolean isEmpty() {
            return ready.isEmpty() && held.isEmpty();
        }

        /** Shopify products with due prices, ready or held: what one bulk mutation or a call each would carry. */
        public long products() {
            return Stream.concat(ready.stream(), held.stream())
                    .map(d -> d.intent().productGid()).distinct().count();
        }

        public List<Delivery> all() {
            List<Delivery> all = new ArrayList<>(ready);
            all.addAll(held);
            return all;
        }
    }

    /**
     * Pending deliveries due now that no bulk operation carries, each by Shopify product: ready ones
     * first, and of those the products with nothing still to come first. A round sends in this order at
     * the pace of the shop's bucket, so a product whose window ended before its siblings came goes late
     * in the round, and by then its call takes the siblings that came meanwhile.
     */
    public Due due(TenantId tenantId, Instant now, Duration window, int limit) {
        List<Delivery> ready = new ArrayList<>();
        List<Delivery> held = new ArrayList<>();
        jdbc.query("""
                WITH due AS (
                    SELECT d.*, (EXISTS (SELECT 1 FROM shopify_running_change r
                                          WHERE r.price_change_id = d.price_change_id)
                                 AND EXISTS (SELECT 1 FROM shopify_variant_link l
                                              WHERE l.tenant_id = d.tenant_id AND l.product_gid = d.product_gid
                                                AND l.active AND NOT EXISTS (
                                                    SELECT 1 FROM shopify_delivery s WHERE s.product_id = l.product_id
                                                       AND s.price_change_id = d.price_change_id
                                                       AND s.action = d.action))) AS sibling_to_come
                      FROM shopify_delivery d
                     WHERE d.tenant_id = ? AND d.status = 'PENDING' AND d.bulk_operation IS NULL
                       AND d.next_attempt_at <= ?
                ), products AS (
                    SELECT product_gid,
                           bool_and(sibling_to_come AND attempts = 0 AND next_attempt_at > ?) AS held,
                           bool_or(sibling_to_come) AS incomplete
                      FROM due GROUP BY product_gid
                )
                SELECT\s""" + INTENT_COLUMNS + """
                       , p.held FROM due JOIN products p USING (product_gid)
                 ORDER BY p.held, p.incomplete, product_gid, variant_gid LIMIT ?
                """, (RowCallbackHandler) rs -> (rs.getBoolean("held") ? held : ready).add(DELIVERY.mapRow(rs, 0)),
                tenantId.value(), Timestamp.from(now), Timestamp.from(now.minus(window)), limit);
        return new Due(ready, held);
    }
}
