package dev.calibrate.app.catalog;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogItems;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FindCatalogItems}: a page's products by id, as the engine sees them, and nothing else. */
class CatalogItemsQueryTest extends IntegrationTest {

    @Autowired
    QueryGateway queries;

    @Test
    void answersOnlyTheActiveProductsAskedForOfTheTenantWithTheirPrices() {
        Api.TenantToken tenant = api.newTenant("Catalog items " + UUID.randomUUID());
        Api.TenantToken other = api.newTenant("Catalog items, other " + UUID.randomUUID());
        ProductId asked = product(tenant, "ASKED-1", true, "12.50");
        ProductId alsoAsked = product(tenant, "ASKED-2", true, "7.00");
        ProductId notAsked = product(tenant, "NOT-ASKED", true, "1.00");
        ProductId inactive = product(tenant, "INACTIVE", false, "3.00");
        ProductId othersProduct = product(other, "ASKED-1", true, "99.00");
        EventProcessors.awaitCaughtUp(api, "catalog");

        List<CatalogItem> found = items(tenant, List.of(asked, alsoAsked, inactive, othersProduct,
                new ProductId(UUID.randomUUID())));

        assertThat(found).extracting(CatalogItem::productId).containsExactlyInAnyOrder(asked, alsoAsked);
        assertThat(found).extracting(CatalogItem::productId).doesNotContain(notAsked);
        CatalogItem first = found.stream().filter(i -> i.productId().equals(asked)).findFirst().orElseThrow();
        assertThat(first.sku()).isEqualTo("ASKED-1");
        assertThat(first.prices().get("USD").amount()).isEqualByComparingTo(new BigDecimal("12.50"));
        assertThat(items(tenant, List.of())).isEmpty();
    }

    @Test
    void moreIdsThanAPageNeedsAreRefused() {
        List<ProductId> tooMany = Collections.nCopies(FindCatalogItems.MAX_IDS + 1, new ProductId(UUID.randomUUID()));

        assertThatThrownBy(() -> new FindCatalogItems(new TenantId(UUID.randomUUID()), tooMany))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000");
    }

    private List<CatalogItem> items(Api.TenantToken tenant, List<ProductId> ids) {
        return queries.query(new FindCatalogItems(new TenantId(UUID.fromString(tenant.tenantId())), ids),
                ResponseTypes.multipleInstancesOf(CatalogItem.class)).join();
    }

    private ProductId product(Api.TenantToken tenant, String sku, boolean active, String usd) {
        Api.Response created = api.post("/api/v1/products", tenant.token(), Map.of("sku", sku, "title", "Item " + sku,
                "active", active, "prices", List.of(Map.of("currency", "USD", "amount", usd))));
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        return new ProductId(UUID.fromString(created.json().path("id").asText()));
    }
}
