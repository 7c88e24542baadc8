package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Syncing a tenant's seller account and reading what landed in the catalog. */
final class AmazonSteps {

    static final String SYNC = "/api/v1/connectors/amazon/sync";
    static final String STATUS = "/api/v1/connectors/amazon/status";

    private AmazonSteps() {
    }

    /** Asks for a sync (202 with the status URL), waits for it to end and for the catalog to catch up. */
    static JsonNode syncAndWait(Api api, Api.TenantToken tenant) {
        Api.Response accepted = api.post(SYNC, tenant.token(), null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().path("statusUrl").asText()).isEqualTo(STATUS);
        assertThat(accepted.header("Location")).isEqualTo(STATUS);
        JsonNode sync = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(api, tenant).path("sync"),
                        s -> List.of("COMPLETED", "FAILED").contains(s.path("state").asText()));
        EventProcessors.awaitCaughtUp(api, "catalog", "channels");
        return sync;
    }

    static JsonNode status(Api api, Api.TenantToken tenant) {
        Api.Response status = api.get(STATUS, tenant.token());
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        return status.json();
    }

    /** A product as the catalog read model has it, with its USD and CAD prices and its amazon ref. */
    record Row(String title, String vendor, boolean active, String usd, String cad, String asin, String sellerSku,
               String marketplaceId) {
    }

    static Map<String, Row> catalog(Sql sql, Api.TenantToken tenant) {
        return sql.query("""
                        SELECT v.sku, v.title, v.vendor, v.active, usd.amount AS usd, cad.amount AS cad,
                               v.channel_refs -> 'amazon' ->> 'asin' AS asin,
                               v.channel_refs -> 'amazon' ->> 'sellerSku' AS seller_sku,
                               v.channel_refs -> 'amazon' ->> 'marketplaceId' AS marketplace_id
                          FROM product_view v
                          LEFT JOIN product_price usd ON usd.product_id = v.product_id AND usd.currency = 'USD'
                          LEFT JOIN product_price cad ON cad.product_id = v.product_id AND cad.currency = 'CAD'
                         WHERE v.tenant_id = ?""", UUID.fromString(tenant.tenantId())).stream()
                .collect(Collectors.toMap(r -> (String) r.get("sku"), r -> new Row((String) r.get("title"),
                        (String) r.get("vendor"), (Boolean) r.get("active"), money(r.get("usd")), money(r.get("cad")),
                        (String) r.get("asin"), (String) r.get("seller_sku"), (String) r.get("marketplace_id")),
                        (a, b) -> a, TreeMap::new));
    }

    /** What a sync of {@code seller} over {@code marketplaces} (in that order) must leave in the catalog. */
    static Map<String, Row> expected(FakeSeller seller, List<String> marketplaces) {
        Map<String, Row> expected = new TreeMap<>();
        for (FakeListing listing : seller.listings()) {
            String title = listing.catalogTitle() != null ? listing.catalogTitle() : listing.itemName();
            if (title == null) {
                continue;
            }
            String marketplace = marketplaces.stream().filter(listing.marketplaceIds()::contains).findFirst().orElseThrow();
            expected.put(listing.sku(), new Row(title, listing.brand(), true,
                    money(listing.prices().get(marketplaces.get(0))),
                    marketplaces.size() > 1 ? money(listing.prices().get(marketplaces.get(1))) : null,
                    listing.asin(), listing.sku(), marketplace));
        }
        return expected;
    }

    static long productEvents(Sql sql, Api.TenantToken tenant) {
        return sql.count("SELECT count(*) FROM domainevententry WHERE aggregateidentifier IN"
                + " (SELECT product_id::text FROM product_view WHERE tenant_id = ?)", UUID.fromString(tenant.tenantId()));
    }

    static String money(Object amount) {
        return amount == null ? null : new BigDecimal(amount.toString()).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }
}
