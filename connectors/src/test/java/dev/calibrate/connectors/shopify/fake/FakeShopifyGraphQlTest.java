package dev.calibrate.connectors.shopify.fake;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeShopifyGraphQlTest {

    private static FakeShopify shopify;
    private FakeShop shop;
    private TestClient client;

    @BeforeAll
    static void start() {
        shopify = new FakeShopify();
    }

    @AfterAll
    static void stop() {
        shopify.close();
    }

    @BeforeEach
    void newShop(org.junit.jupiter.api.TestInfo test) {
        // one shop per test keeps tests independent while sharing the server
        String name = test.getTestMethod().orElseThrow().getName().replace('_', '-');
        shop = shopify.addShop(name.substring(0, Math.min(40, name.length())) + ".myshopify.com", "shpat_" + name, "EUR");
        client = new TestClient(shop);
    }

    @Test
    void answers_only_the_selected_fields_with_aliases_and_typename() {
        shop.name("Acme");

        JsonNode data = client.graphQl("{ shop { name currency: currencyCode __typename } }").data();

        assertThat(data.toString()).isEqualTo("{\"shop\":{\"name\":\"Acme\",\"currency\":\"EUR\",\"__typename\":\"Shop\"}}");
    }

    @Test
    void the_base_url_template_puts_the_shop_domain_in_the_path() {
        URI endpoint = URI.create(shopify.baseUrlTemplate().replace("{shop}", shop.domain()) + "/admin/api/2025-10/graphql.json");

        TestClient.Answer answer = new TestClient(endpoint, shop.accessToken()).graphQl("{ shop { myshopifyDomain } }");

        assertThat(answer.data().at("/shop/myshopifyDomain").asText()).isEqualTo(shop.domain());
        assertThat(answer.response().headers().firstValue("X-Shopify-API-Version")).hasValue("2025-10");
        assertThat(shop.apiVersions()).containsExactly("2025-10");
    }

    @Test
    void a_wrong_token_gets_401_with_shopifys_body_and_an_unknown_shop_404() {
        TestClient.Answer wrongToken = client.withToken("shpat_wrong").graphQl("{ shop { name } }");
        TestClient.Answer noToken = client.withToken(null).graphQl("{ shop { name } }");
        TestClient.Answer unknownShop = new TestClient(shopify.graphQlUri("nope.myshopify.com", "2026-07"), "x")
                .graphQl("{ shop { name } }");

        assertThat(wrongToken.status()).isEqualTo(401);
        assertThat(wrongToken.json().get("errors").asText())
                .isEqualTo("[API] Invalid API key or access token (unrecognized login or wrong password)");
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(unknownShop.status()).isEqualTo(404);
    }

    @Test
    void an_invalid_document_is_rejected_like_shopify_and_recorded() {
        TestClient.Answer answer = client.graphQl("{ products(first: 5) { nodes { id costPerItem } } }");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().has("data")).isFalse();
        JsonNode error = answer.json().at("/errors/0");
        assertThat(error.get("message").asText()).contains("costPerItem");
        assertThat(error.at("/locations/0/line").asInt()).isEqualTo(1);
        assertThat(error.at("/extensions/code").asText()).isEqualTo("GRAPHQL_VALIDATION_FAILED");
        assertThat(shopify.invalidDocuments()).anySatisfy(invalid -> {
            assertThat(invalid.shop()).isEqualTo(shop.domain());
            assertThat(invalid.document()).contains("costPerItem");
        });
    }

    @Test
    void variables_that_do_not_fit_their_types_are_rejected_and_recorded() {
        String mutation = """
                mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
                  productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { message } }
                }""";

        TestClient.Answer answer = client.graphQl(mutation, Map.of("productId", "gid://shopify/Product/1",
                "variants", List.of(Map.of("id", "gid://shopify/ProductVariant/1", "prize", "1.00"))));

        assertThat(answer.json().at("/errors/0/extensions/code").asText()).isEqualTo("INVALID_VARIABLE");
        assertThat(answer.json().at("/errors/0/message").asText()).contains("prize");
        assertThat(shopify.invalidDocuments()).anySatisfy(invalid -> assertThat(invalid.problems().get(0)).contains("prize"));
    }

    @Test
    void paging_through_product_variants_returns_every_variant_exactly_once_in_id_order() {
        shop.generateCatalog(40, 3, 7);
        String query = """
                query Variants($after: String) {
                  productVariants(first: 50, after: $after) {
                    edges { cursor node { id sku price product { id } } }
                    pageInfo { hasNextPage endCursor }
                  }
                }""";

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Map<String, Object> variables = new java.util.HashMap<>();
            variables.put("after", after);
            JsonNode connection = client.graphQl(query, variables).data().get("productVariants");
            connection.get("edges").forEach(edge -> seen.add(edge.at("/node/id").asText()));
            after = connection.at("/pageInfo/hasNextPage").asBoolean() ? connection.at("/pageInfo/endCursor").asText() : null;
            pages++;
        } while (after != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(120).doesNotHaveDuplicates()
                .containsExactlyElementsOf(shop.variants().stream().map(FakeVariant::gid).toList());
    }

    @Test
    void products_page_with_nested_variants_and_opaque_cursors() {
        shop.generateCatalog(5, 2, 1);

        JsonNode products = client.graphQl("""
                { products(first: 3) {
                    nodes { id legacyResourceId title vendor productType tags status updatedAt
                            variants(first: 10) { nodes { id sku price compareAtPrice inventoryItem { unitCost { amount currencyCode } } } } }
                    pageInfo { hasNextPage endCursor } } }""").data().get("products");

        assertThat(products.get("nodes")).hasSize(3);
        JsonNode first = products.at("/nodes/0");
        FakeProduct expected = shop.products().get(0);
        assertThat(first.get("id").asText()).isEqualTo(expected.gid()).startsWith("gid://shopify/Product/");
        assertThat(first.get("legacyResourceId").asText()).isEqualTo(String.valueOf(expected.legacyId()));
        assertThat(first.get("tags").isArray()).isTrue();
        assertThat(first.at("/variants/nodes")).hasSize(2);
        assertThat(first.at("/variants/nodes/0/sku").asText()).matches("SKU-\\d{6}-1");
        assertThat(first.at("/variants/nodes/0/price").asText()).matches("\\d+\\.\\d{2}");
        assertThat(products.at("/pageInfo/hasNextPage").asBoolean()).isTrue();
        assertThat(products.at("/pageInfo/endCursor").asText()).doesNotContain(String.valueOf(expected.legacyId()));
    }

    @Test
    void a_page_larger_than_250_or_a_connection_without_first_is_an_error() {
        TestClient.Answer tooLarge = client.graphQl("{ products(first: 300) { nodes { id } } }");
        TestClient.Answer unbounded = client.graphQl("{ products { nodes { id } } }");

        assertThat(tooLarge.json().at("/errors/0/message").asText()).contains("300").contains("250");
        assertThat(tooLarge.json().get("data").isNull()).isTrue();
        assertThat(unbounded.json().at("/errors/0/message").asText()).isEqualTo("you must provide one of first or last");
    }

    @Test
    void search_queries_filter_products_and_counts_say_how_exact_they_are() {
        shop.generateCatalog(10, 1, 3);
        FakeProduct edited = shop.updateProduct(shop.products().get(4).gid(), p -> p.withTitle("Edited"));

        JsonNode data = client.graphQl("""
                query($since: String!) {
                  changed: products(first: 10, query: $since) { nodes { id title } }
                  all: productsCount { count precision }
                  capped: productsCount(limit: 4) { count precision }
                }""", Map.of("since", "updated_at:>='" + edited.updatedAt() + "'")).data();

        assertThat(data.at("/changed/nodes")).extracting(node -> node.get("id").asText()).contains(edited.gid());
        assertThat(data.at("/all/count").asInt()).isEqualTo(10);
        assertThat(data.at("/all/precision").asText()).isEqualTo("EXACT");
        assertThat(data.at("/capped/count").asInt()).isEqualTo(4);
        assertThat(data.at("/capped/precision").asText()).isEqualTo("AT_LEAST");
    }

    @Test
    void every_answer_carries_the_requested_and_actual_cost_and_the_bucket() {
        shop.generateCatalog(4, 1, 9);

        JsonNode cost = client.graphQl("{ products(first: 10) { nodes { id } } }").json().at("/extensions/cost");

        assertThat(cost.get("requestedQueryCost").asInt()).isEqualTo(2 + 10);
        assertThat(cost.get("actualQueryCost").asInt()).isEqualTo(2 + 4);
        assertThat(cost.at("/throttleStatus/maximumAvailable").asDouble()).isEqualTo(2000.0);
        assertThat(cost.at("/throttleStatus/restoreRate").asDouble()).isEqualTo(100.0);
        assertThat(cost.at("/throttleStatus/currentlyAvailable").asDouble()).isBetween(1990.0, 2000.0);
    }

    @Test
    void bulk_update_sets_prices_normalised_to_cents_and_records_each_write() {
        FakeProduct product = shop.addProduct("Mug", "10.00", "12.00");
        List<FakeVariant> variants = shop.variantsOf(product.gid());

        JsonNode payload = updatePrices(product.gid(), List.of(
                Map.of("id", variants.get(0).gid(), "price", "11.5", "compareAtPrice", "14.00"),
                Map.of("id", variants.get(1).gid(), "price", "13.00"))).get("productVariantsBulkUpdate");

        assertThat(payload.get("userErrors")).isEmpty();
        assertThat(payload.at("/productVariants/0/price").asText()).isEqualTo("11.50");
        assertThat(payload.at("/product/id").asText()).isEqualTo(product.gid());
        assertThat(shop.variant(variants.get(0).gid()).compareAtPrice()).isEqualTo("14.00");
        assertThat(shop.writes()).extracting(PriceWrite::variantGid, PriceWrite::price, PriceWrite::via).containsExactly(
                org.assertj.core.groups.Tuple.tuple(variants.get(0).gid(), "11.50", "productVariantsBulkUpdate"),
                org.assertj.core.groups.Tuple.tuple(variants.get(1).gid(), "13.00", "productVariantsBulkUpdate"));
    }

    @Test
    void bulk_update_user_errors_leave_every_variant_unchanged() {
        FakeProduct product = shop.addProduct("Cap", "20.00", "21.00");
        FakeProduct other = shop.addProduct("Other", "5.00");
        List<FakeVariant> variants = shop.variantsOf(product.gid());

        JsonNode negative = updatePrices(product.gid(), List.of(
                Map.of("id", variants.get(0).gid(), "price", "19.00"),
                Map.of("id", variants.get(1).gid(), "price", "-1.00"))).get("productVariantsBulkUpdate");
        JsonNode foreign = updatePrices(product.gid(), List.of(
                Map.of("id", shop.variantsOf(other.gid()).get(0).gid(), "price", "1.00"))).get("productVariantsBulkUpdate");
        shop.rejectPrice(variants.get(0).gid(), "PRODUCT_SUSPENDED", "Product is suspended");
        JsonNode rejected = updatePrices(product.gid(), List.of(
                Map.of("id", variants.get(0).gid(), "price", "19.00"))).get("productVariantsBulkUpdate");

        assertThat(negative.at("/userErrors/0/code").asText()).isEqualTo("GREATER_THAN_OR_EQUAL_TO");
        assertThat(negative.at("/userErrors/0/field").toString()).isEqualTo("[\"variants\",\"1\",\"price\"]");
        assertThat(foreign.at("/userErrors/0/code").asText()).isEqualTo("MUST_BE_FOR_THIS_PRODUCT");
        assertThat(rejected.at("/userErrors/0/code").asText()).isEqualTo("PRODUCT_SUSPENDED");
        assertThat(shop.variant(variants.get(0).gid()).price()).isEqualTo("20.00");
        assertThat(shop.writes()).isEmpty();
    }

    @Test
    void more_than_250_variants_in_one_call_is_refused_before_anything_is_written() {
        FakeProduct product = shop.addProduct("Many", "1.00");
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < 251; i++) {
            inputs.add(Map.of("id", shop.variantsOf(product.gid()).get(0).gid(), "price", "2.00"));
        }

        TestClient.Answer answer = client.graphQl(UPDATE, Map.of("productId", product.gid(), "variants", inputs));

        assertThat(answer.json().at("/errors/0/extensions/code").asText()).isEqualTo("MAX_INPUT_SIZE_EXCEEDED");
        assertThat(shop.writes()).isEmpty();
    }

    @Test
    void a_merchant_edit_behind_the_connectors_back_bumps_updated_at() {
        FakeClock clock = new FakeClock(java.time.Instant.parse("2026-07-01T10:00:00Z"));
        try (FakeShopify clocked = new FakeShopify(clock)) {
            FakeShop clockedShop = clocked.addShop("clocked.myshopify.com", "t", "USD");
            FakeProduct product = clockedShop.addProduct("Lamp", "40.00");
            String variant = clockedShop.variantsOf(product.gid()).get(0).gid();
            clock.advance(Duration.ofMinutes(5));

            clockedShop.setPriceBehindBack(variant, "45");

            assertThat(clockedShop.variant(variant).price()).isEqualTo("45.00");
            assertThat(clockedShop.variant(variant).updatedAt()).isEqualTo("2026-07-01T10:05:00Z");
            assertThat(clockedShop.product(product.gid()).orElseThrow().updatedAt()).isEqualTo("2026-07-01T10:05:00Z");
            assertThat(clockedShop.writes()).isEmpty();
        }
    }

    @Test
    void injected_faults_answer_before_anything_else() {
        shop.failNext(1, 502).failNext(1, 503, "application/json", "{\"errors\":\"Service Unavailable\"}");

        TestClient.Answer badGateway = client.graphQl("{ shop { name } }");
        TestClient.Answer unavailable = client.withToken("even-a-wrong-token").graphQl("{ shop { name } }");
        TestClient.Answer normal = client.graphQl("{ shop { name } }");

        assertThat(badGateway.status()).isEqualTo(502);
        assertThat(badGateway.body()).startsWith("<!DOCTYPE html>");
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(normal.status()).isEqualTo(200);
        assertThat(shop.requests()).extracting(RecordedRequest::outcome).containsExactly(
                RecordedRequest.Outcome.FAULT, RecordedRequest.Outcome.FAULT, RecordedRequest.Outcome.EXECUTED);
    }

    @Test
    void a_delayed_answer_lets_a_client_time_out() {
        shop.delayNext(1, Duration.ofMillis(1500));

        assertThatThrownBy(() -> client.graphQl("{ shop { name } }", Map.of(), Duration.ofMillis(300)))
                .hasRootCauseInstanceOf(HttpTimeoutException.class);
        assertThat(client.graphQl("{ shop { name } }").status()).isEqualTo(200);
    }

    @Test
    void requests_are_counted_per_root_field() {
        client.graphQl("{ shop { name } }");
        client.graphQl("{ shop { name } productsCount { count } }");

        assertThat(shop.requestCount()).isEqualTo(2);
        assertThat(shop.rootFieldCounts()).containsEntry("shop", 2).containsEntry("productsCount", 1);
        assertThat(shopify.unsupported()).noneMatch(what -> what.startsWith(shop.domain()));
        assertThat(shopify.internalErrors()).isEmpty();
    }

    @Test
    void unsupported_fields_say_so_instead_of_pretending() {
        TestClient.Answer answer = client.graphQl("{ shop { billingAddress { city } } }");

        assertThat(answer.json().at("/errors/0/extensions/code").asText()).isEqualTo("FAKE_UNSUPPORTED");
        assertThat(shopify.unsupported()).anySatisfy(what -> assertThat(what).contains("Shop.billingAddress"));
    }

    static final String UPDATE = """
            mutation UpdatePrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
              productVariantsBulkUpdate(productId: $productId, variants: $variants) {
                product { id updatedAt }
                productVariants { id price compareAtPrice }
                userErrors { code field message }
              }
            }""";

    private JsonNode updatePrices(String productGid, List<Map<String, Object>> variants) {
        TestClient.Answer answer = client.graphQl(UPDATE, Map.of("productId", productGid, "variants", variants));
        assertThat(answer.json().has("errors")).as(answer.body()).isFalse();
        return answer.data();
    }
}
