package dev.calibrate.connectors.shopify.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.calibrate.connectors.shopify.ShopifyMetrics;
import dev.calibrate.connectors.shopify.ShopifySettings;
import dev.calibrate.connectors.shopify.fake.FakeProduct;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import dev.calibrate.connectors.shopify.fake.FakeVariant;
import dev.calibrate.connectors.shopify.fake.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call is paced for what Shopify asked for the last call of the same document and shape of
 * variables, so a dearer call (five variants after four) is not sent before the bucket holds it.
 */
class CallCostsTest {

    private static final String TOKEN = "shpat_call_costs_test";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void callsOfOneDocumentWhoseCostsAlternateAreNeverThrottled() {
        try (FakeShopify fake = new FakeShopify()) {
            FakeShop shop = fake.addShop("costs.myshopify.com", TOKEN, "EUR");
            FakeProduct product = shop.generateCatalog(1, 5, 7).get(0);
            List<FakeVariant> variants = shop.variantsOf(product.gid());
            // a bucket of one five-variant call (11 points), refilling in about two seconds: each call waits for it
            shop.bucket(11, 5);
            ShopifySettings settings = new ShopifySettings(fake.baseUrlTemplate(), "2026-07", "", "", "",
                    "read_products", Duration.ofSeconds(5), Duration.ofSeconds(10), 2000, 200, 6, 8,
                    Duration.ofMillis(50));
            ShopifyGraphQl graphQl = new ShopifyGraphQl(settings, new ShopifyMetrics(new SimpleMeterRegistry()), json,
                    Optional.empty());
            ShopifyGraphQl.ShopAccess access = new ShopifyGraphQl.ShopAccess(shop.domain(), TOKEN);

            for (int count : new int[]{5, 4, 5, 4}) {
                ArrayNode prices = json.createArrayNode();
                variants.subList(0, count).forEach(v -> prices.addObject().put("id", v.gid()).put("price", "9.99"));
                graphQl.execute(access, "ProductVariantsBulkUpdate", Map.of("productId", product.gid(),
                        "variants", prices));
            }

            assertThat(shop.requests()).extracting(RecordedRequest::requestedCost).containsExactly(11, 10, 11, 10);
            assertThat(shop.throttledCount()).isZero();
        }
    }

    @Test
    void aShapeNotSeenYetIsPacedForItsDocumentsLastCost() {
        CallCosts costs = new CallCosts();
        assertThat(costs.expected("Products", Map.of("first", 50))).isEqualTo(CallCosts.FIRST_CALL_GUESS);

        costs.requested("Products", Map.of("first", 50, "query", "status:active"), 102);
        costs.requested("Products", Map.of("first", 10, "query", "status:active"), 22);

        assertThat(costs.expected("Products", Map.of("first", 50, "query", "anything"))).isEqualTo(102);
        assertThat(costs.expected("Products", Map.of("first", 10))).isEqualTo(22);
        assertThat(costs.expected("Products", Map.of("first", 25))).as("the document's last").isEqualTo(22);
        assertThat(costs.expected("Other", Map.of("first", 50))).isEqualTo(CallCosts.FIRST_CALL_GUESS);
    }

    @Test
    void listsCountByTheirSizeWhetherJavaListsOrJsonArrays() {
        ArrayNode three = json.createArrayNode().add(1).add(2).add(3);
        assertThat(CallCosts.shape("Update", Map.of("variants", three, "productId", "gid://shopify/Product/1")))
                .isEqualTo(CallCosts.shape("Update", Map.of("variants", List.of("a", "b", "c"), "productId", "x")))
                .isNotEqualTo(CallCosts.shape("Update", Map.of("variants", List.of("a", "b"))));
        assertThat(CallCosts.shape("Page", Map.of("first", json.getNodeFactory().numberNode(50))))
                .isEqualTo(CallCosts.shape("Page", Map.of("first", 50)));
    }

    @Test
    void pastTheBoundNewShapesArePacedByDocumentOnly() {
        CallCosts costs = new CallCosts();
        IntStream.range(0, CallCosts.MAX_SHAPES).forEach(n -> costs.requested("Page", Map.of("first", n), n));
        costs.requested("Update", Map.of("variants", List.of(1, 2, 3, 4, 5)), 11);
        costs.requested("Update", Map.of("variants", List.of(1)), 10);

        assertThat(costs.expected("Update", Map.of("variants", List.of(1, 2, 3, 4, 5))))
                .as("not remembered: the document's last cost").isEqualTo(10);
        costs.requested("Page", Map.of("first", 7), 70);
        assertThat(costs.expected("Page", Map.of("first", 7))).as("a known shape is still updated").isEqualTo(70);
    }
}
