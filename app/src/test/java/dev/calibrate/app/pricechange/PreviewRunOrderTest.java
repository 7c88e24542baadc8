package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A preview stores its items in the order a run applies them: product id order, except that the
 * variants of one Shopify product (each its own Calibrate product, linked by
 * {@code channelRefs.shopify.productId}) follow each other, at the place of the first, so that the run
 * writes them within the sibling window. The preview hash is over product id order whatever the
 * stored order: a preview approved before keeps approving.
 */
class PreviewRunOrderTest extends IntegrationTest {

    private static final int VARIANTS = 12;
    /**
     * The first nine products in id order become variants of three Shopify products, interleaved;
     * the rest stay unlinked.
     */
    private static final int LINKED = 9;

    @Autowired
    PreviewCatalogs catalogs;
    @Autowired
    Environment env;

    @Test
    void theVariantsOfOneShopifyProductAreStoredOneAfterTheOtherAndTheHashIsTheSame() {
        PriceChangeSteps steps = new PriceChangeSteps(api);
        Api.TenantToken manager = api.token(api.createTenant("Variants", "USD"), "catalog:read", "catalog:write",
                "prices:write");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        TenantId tenant = TenantId.parse(manager.tenantId());
        steps.catalog(manager.token(), IntStream.range(0, VARIANTS)
                .mapToObj(i -> product("V-" + i, "20.00", "8.00", "summer")).toList());
        String change = steps.draft(manager.token(), "Summer sale", SUMMER_SALE, Map.of());
        JsonNode unlinked = steps.preview(manager.token(), change);
        List<String> byProductId = IntStream.range(0, VARIANTS).mapToObj(i -> "V-" + i)
                .sorted(Comparator.comparing((String sku) -> ProductId.forSku(tenant, sku).toString())).toList();
        assertThat(stored(change)).as("no groups: product id order").containsExactlyElementsOf(byProductId);

        // the same products become variants of three Shopify products, each spread over the id order
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (int i = 0; i < LINKED; i++) groupOf.put(byProductId.get(i), "gid://shopify/Product/" + (i % 3));
        List<Map<String, Object>> linked = new ArrayList<>();
        for (String sku : byProductId) {
            Map<String, Object> product = product(sku, "20.00", "8.00", "summer");
            if (groupOf.containsKey(sku)) {
                product.put("channelRefs", Map.of("shopify", Map.of("productId", groupOf.get(sku),
                        "variantId", "gid://shopify/ProductVariant/" + sku)));
            }
            linked.add(product);
        }
        Api.Response written = api.post("/api/v1/products:batch", manager.token(), Map.of("items", linked));
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        List<String> runOrder = runOrder(byProductId, groupOf);
        assertThat(runOrder).as("the test's own grouping moves items").isNotEqualTo(byProductId);

        JsonNode grouped = preview(manager, change, written.position());
        assertThat(stored(change)).as("followed the details changes").containsExactlyElementsOf(runOrder);
        assertThat(grouped.get("items")).extracting(item -> item.get("sku").asText())
                .as("pages in the stored order").containsExactlyElementsOf(runOrder);
        assertThat(grouped.get("previewHash").asText()).as("the hash does not depend on the stored order")
                .isEqualTo(unlinked.get("previewHash").asText());

        catalogs.evict(tenant);
        preview(manager, change, written.position());
        assertThat(stored(change)).as("rebuilt from the read model").containsExactlyElementsOf(runOrder);

        assertThat(steps.action(manager.token(), change, "submit", null).status()).isEqualTo(200);
        Api.Response approved = steps.action(approver.token(), change, "approve",
                Map.of("previewHash", unlinked.get("previewHash").asText()));
        assertThat(approved.status())
                .as("the hash of the ungrouped preview approves the grouped one: " + approved.body()).isEqualTo(200);
    }

    /** Product id order, each group's variants moved up behind its first. */
    private static List<String> runOrder(List<String> byProductId, Map<String, String> groupOf) {
        Map<String, List<String>> runs = new LinkedHashMap<>();
        byProductId.forEach(sku -> runs.computeIfAbsent(groupOf.getOrDefault(sku, sku), key -> new ArrayList<>())
                .add(sku));
        return runs.values().stream().flatMap(List::stream).toList();
    }

    private JsonNode preview(Api.TenantToken manager, String change, long position) {
        Api.Response preview = api.post("/api/v1/price-changes/" + change + "/preview?size=50", manager.token(), null,
                EventPositions.WAIT_HEADER, Long.toString(position));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        return preview.json();
    }

    private List<String> stored(String change) {
        try (Sql owner = Sql.connect(env)) {
            return owner.query("SELECT sku FROM price_change_item WHERE price_change_id = ?::uuid ORDER BY seq", change)
                    .stream().map(row -> (String) row.get("sku")).toList();
        }
    }
}
