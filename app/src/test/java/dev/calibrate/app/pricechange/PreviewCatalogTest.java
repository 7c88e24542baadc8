package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.CatalogEntry;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogEntries;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog previews evaluate is this node's own copy, kept current by its own processor: after any
 * product event it holds exactly what the catalog read model holds, whether it followed the events or
 * was rebuilt from the read model, per tenant, and a preview waits for it to reach the caller's write.
 */
class PreviewCatalogTest extends IntegrationTest {

    @Autowired
    PreviewCatalogs catalogs;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventPositions positions;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    private PriceChangeSteps steps;

    @BeforeEach
    void steps() {
        steps = new PriceChangeSteps(api);
    }

    @Test
    void followsCreatesObservationsPriceChangesRollbacksConflictsDeactivationAndChannelLinksAsTheReadModelDoes() {
        Api.TenantToken manager = api.token(api.createTenant("Cached", "USD"), "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        Map<String, Object> euro = product("TS-2", "35.00", "30.00", "summer");
        euro.put("prices", List.of(Map.of("currency", "USD", "amount", "35.00"),
                Map.of("currency", "EUR", "amount", "32.00", "compareAt", "36.00")));
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", "8.00", "summer", "tee"), euro,
                product("TS-3", "44.00", null, "summer"), product("WN-1", "99.00", null, "winter")));
        TenantId tenant = TenantId.parse(manager.tenantId());
        assertHoldsTheReadModel(manager, tenant);
        assertThat(catalogs.held()).contains(tenant);

        String sale = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        // after the preview: TS-3's price moves, so the apply conflicts on it
        assertThat(api.post("/api/v1/products", manager.token(), product("TS-3", "45.00", null, "summer")).status())
                .isEqualTo(200);
        steps.action(manager.token(), sale, "apply", null);
        steps.awaitApplied(manager.token(), sale);
        assertHoldsTheReadModel(manager, tenant);
        assertThat(price(tenant, "TS-1")).isEqualTo("16.99");

        steps.action(manager.token(), sale, "rollback", null);
        steps.awaitRolledBack(manager.token(), sale);
        assertHoldsTheReadModel(manager, tenant);
        assertThat(price(tenant, "TS-1")).isEqualTo("20.00");

        assertThat(api.delete("/api/v1/products/" + id(tenant, "WN-1"), manager.token()).status()).isEqualTo(204);
        Map<String, Object> linked = product("TS-1", "21.00", "8.00", "summer", "tee");
        linked.put("channelRefs", Map.of("shopify", Map.of("productId", "gid://shopify/Product/1",
                "variantId", "gid://shopify/ProductVariant/1")));
        assertThat(api.post("/api/v1/products", manager.token(), linked).status()).isEqualTo(200);
        assertHoldsTheReadModel(manager, tenant);
        CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
        assertThat(columns.items()).extracting(CatalogItem::sku).containsExactlyInAnyOrder("TS-1", "TS-2", "TS-3");
        assertThat(columns.items()).filteredOn(item -> item.sku().equals("TS-1"))
                .singleElement().satisfies(item -> assertThat(item.channels()).containsExactly("shopify"));
        assertThat(columns.channelGroupsOfActive()).as("the Shopify product TS-1 is a variant of")
                .containsExactly(Map.entry(ProductId.forSku(tenant, "TS-1"), "gid://shopify/Product/1"));

        Map<String, Object> back = product("WN-1", "98.00", null, "winter");
        back.put("active", true);
        assertThat(api.post("/api/v1/products", manager.token(), back).status()).isEqualTo(200);
        assertHoldsTheReadModel(manager, tenant);
        assertThat(catalogs.held()).as("followed the events, never rebuilt").contains(tenant);

        catalogs.evict(tenant);
        assertThat(catalogs.held()).doesNotContain(tenant);
        assertHoldsTheReadModel(manager, tenant);
    }

    @Test
    void aPreviewRightAfterAWriteSeesItWhenItWaitsForIt() {
        Api.TenantToken manager = api.token(api.createTenant("Waits", "USD"), "catalog:read", "catalog:write",
                "prices:write");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", "8.00", "summer")));
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of());
        assertThat(steps.preview(manager.token(), change).get("summary").get("items").asInt()).isEqualTo(1);

        for (int round = 0; round < 5; round++) {
            String price = (30 + round) + ".00";
            Api.Response written = api.post("/api/v1/products:batch", manager.token(), Map.of("items",
                    List.of(product("TS-1", price, "8.00", "summer"), product("NEW-" + round, "10.00", null, "summer"))));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            Api.Response preview = api.post("/api/v1/price-changes/" + change + "/preview", manager.token(), null,
                    EventPositions.WAIT_HEADER, Long.toString(written.position()));
            assertThat(preview.status()).as(preview.body()).isEqualTo(200);
            assertThat(preview.json().get("summary").get("items").asInt()).isEqualTo(2 + round);
            JsonNode first = bySku(preview.json().get("items")).get("TS-1");
            assertThat(first.get("currentPrice").get("amount").asText()).isEqualTo(price);
        }
    }

    @Test
    void tenantsHoldOnlyTheirOwnProducts() {
        Api.TenantToken first = api.token(api.createTenant("First", "USD"), "catalog:read", "catalog:write");
        Api.TenantToken second = api.token(api.createTenant("Second", "USD"), "catalog:read", "catalog:write");
        steps.catalog(first.token(), List.of(product("SAME", "10.00", null, "a"), product("ONLY-1", "11.00", null)));
        steps.catalog(second.token(), List.of(product("SAME", "20.00", null, "b")));
        TenantId firstId = TenantId.parse(first.tenantId());
        TenantId secondId = TenantId.parse(second.tenantId());

        assertHoldsTheReadModel(first, firstId);
        assertHoldsTheReadModel(second, secondId);
        assertThat(catalogs.snapshot(firstId, Deadline.NONE).items()).extracting(CatalogItem::sku)
                .containsExactlyInAnyOrder("SAME", "ONLY-1");
        assertThat(catalogs.snapshot(secondId, Deadline.NONE).items()).singleElement()
                .satisfies(item -> assertThat(item.productId()).isEqualTo(ProductId.forSku(secondId, "SAME")));
        assertThat(price(secondId, "SAME")).isEqualTo("20.00");
    }

    @Test
    void anEventItCannotApplyDropsOnlyItsTenantsCatalogWhichIsRebuiltFromTheReadModel() {
        Api.TenantToken poisoned = api.token(api.createTenant("Poisoned cache", "USD"), "catalog:read",
                "catalog:write");
        Api.TenantToken bystander = api.token(api.createTenant("Bystander cache", "USD"), "catalog:read",
                "catalog:write");
        steps.catalog(poisoned.token(), List.of(product("BAD", "10.00", null), product("GOOD", "11.00", null)));
        steps.catalog(bystander.token(), List.of(product("B-1", "12.00", null)));
        TenantId poisonedId = TenantId.parse(poisoned.tenantId());
        TenantId bystanderId = TenantId.parse(bystander.tenantId());
        assertHoldsTheReadModel(poisoned, poisonedId);
        assertHoldsTheReadModel(bystander, bystanderId);

        ProductId bad = ProductId.forSku(poisonedId, "BAD");
        long position = new StoredEvents(eventStore, positions, jdbc).append("Product", bad.toString(),
                poisoned.tenantId(), poisoned.tokenId(), new ProductPriceObserved(bad, poisonedId, null, null, "api"));
        catalogs.awaitPosition(position);
        assertThat(catalogs.held()).contains(bystanderId).doesNotContain(poisonedId);

        Api.Response written = api.post("/api/v1/products", bystander.token(), product("B-1", "13.00", null));
        assertThat(written.status()).isEqualTo(200);
        assertHoldsTheReadModel(bystander, bystanderId);
        assertThat(price(bystanderId, "B-1")).isEqualTo("13.00");
        assertThat(catalogs.held()).as("followed, not rebuilt").contains(bystanderId);

        assertThat(api.post("/api/v1/products", poisoned.token(), product("GOOD", "14.00", null)).status())
                .isEqualTo(200);
        assertHoldsTheReadModel(poisoned, poisonedId);
        assertThat(price(poisonedId, "GOOD")).isEqualTo("14.00");
    }

    @Test
    void theProcessorKeepsItsTokenToThisNode() {
        String claims = "SELECT count(*) FROM tokenentry WHERE processorname = ?";
        assertThat(jdbc.queryForObject(claims, Long.class, "catalog")).as("the read model's, shared").isPositive();
        assertThat(jdbc.queryForObject(claims, Long.class, PreviewCatalogs.PROCESSOR)).isZero();
    }

    /**
     * Every product, active or not, with its channel group, as the cache holds it and as the read model
     * holds it, once both reached the head.
     */
    private void assertHoldsTheReadModel(Api.TenantToken token, TenantId tenant) {
        long head = positions.head();
        catalogs.awaitPosition(head);
        steps.awaitCatalog(token.token(), head);
        CatalogColumns columns = catalogs.snapshot(tenant, Deadline.NONE);
        List<CatalogItem> cached = IntStream.range(0, columns.rows()).mapToObj(columns::item).toList();
        List<CatalogItem> stored = new ArrayList<>();
        Map<ProductId, String> storedGroups = new HashMap<>();
        ProductId after = null;
        List<CatalogEntry> page;
        do {
            page = queries.query(new FindCatalogEntries(tenant, after, 2),
                    ResponseTypes.multipleInstancesOf(CatalogEntry.class)).join();
            page.forEach(entry -> {
                stored.add(entry.item());
                if (entry.channelGroup() != null) storedGroups.put(entry.item().productId(), entry.channelGroup());
            });
            if (!page.isEmpty()) after = page.get(page.size() - 1).item().productId();
        } while (page.size() == 2);
        assertThat(cached).containsExactlyInAnyOrderElementsOf(stored);
        Map<ProductId, String> cachedGroups = new HashMap<>();
        IntStream.range(0, columns.rows()).filter(row -> columns.channelGroup(row) != null)
                .forEach(row -> cachedGroups.put(columns.productId(row), columns.channelGroup(row)));
        assertThat(cachedGroups).isEqualTo(storedGroups);
    }

    private String price(TenantId tenant, String sku) {
        return catalogs.snapshot(tenant, Deadline.NONE).items().stream().filter(item -> item.sku().equals(sku))
                .findFirst().orElseThrow().price("USD").orElseThrow().amount().toPlainString();
    }

    private static String id(TenantId tenant, String sku) {
        return ProductId.forSku(tenant, sku).toString();
    }

    private static Map<String, JsonNode> bySku(Iterable<JsonNode> items) {
        Map<String, JsonNode> bySku = new LinkedHashMap<>();
        items.forEach(item -> bySku.put(item.get("sku").asText(), item));
        return bySku;
    }
}
