package dev.calibrate.connectors.shopify.writeback.sending;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.api.ShopifyException;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.calibrate.connectors.shopify.writeback.sending.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceCallTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void groupsPerShopifyProductInProductThenVariantOrder() {
        List<Delivery> deliveries = new ArrayList<>(List.of(delivery(2, 1, "5.00", null), delivery(1, 2, "3.00", null),
                delivery(1, 1, "4.00", null)));
        Collections.shuffle(deliveries);

        List<PriceCall> calls = PriceCall.group(deliveries);

        assertThat(calls).extracting(PriceCall::productGid)
                .containsExactly("gid://shopify/Product/1", "gid://shopify/Product/2");
        assertThat(calls.get(0).deliveries()).extracting(d -> d.intent().variantGid())
                .containsExactly("gid://shopify/ProductVariant/10001", "gid://shopify/ProductVariant/10002");
    }

    @Test
    void aCallTheBucketCannotHoldSplitsIntoCallsThatFitInOrder() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int v = 1; v <= 120; v++) {
            deliveries.add(delivery(7, v, "1.00", null));
        }
        PriceCall call = PriceCall.group(deliveries).get(0);
        // Shopify prices 120 variants at 10 + 120/5 = 34 points; the bucket holds 30
        ShopifyException refused = ShopifyException.exceedsBucket("acme.myshopify.com", 34, 30);

        List<PriceCall> parts = call.split(refused.fitting(120));

        assertThat(parts).extracting(c -> c.deliveries().size()).containsExactly(105, 15);
        assertThat(parts.stream().flatMap(c -> c.deliveries().stream()).toList()).isEqualTo(call.deliveries());
        assertThat(refused.fitting(1)).as("a single variant over the bucket cannot be split").isZero();
    }

    @Test
    void aProductWithMoreThan250DueVariantsTakesSeveralCallsOfAtMost250() {
        List<Delivery> deliveries = new ArrayList<>();
        for (int v = 1; v <= 601; v++) {
            deliveries.add(delivery(7, v, "1.00", null));
        }
        deliveries.add(delivery(8, 1, "1.00", null));

        List<PriceCall> calls = PriceCall.group(deliveries);

        assertThat(calls).extracting(c -> c.deliveries().size()).containsExactly(250, 250, 101, 1);
        assertThat(calls).allSatisfy(c -> assertThat(c.deliveries()).allSatisfy(d ->
                assertThat(d.intent().productGid()).isEqualTo(c.productGid())));
        assertThatThrownBy(() -> new PriceCall("gid://shopify/Product/7", deliveries.subList(0, 251)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variablesCarryPricesAsMoneyStringsAndClearACompareAtCalibrateDoesNotSet() throws Exception {
        PriceCall call = new PriceCall("gid://shopify/Product/1",
                List.of(delivery(1, 1, "29.9", "35"), delivery(1, 2, "19.99", null)));

        assertThat(json.writeValueAsString(call.variables())).isEqualTo("{\"productId\":\"gid://shopify/Product/1\","
                + "\"variants\":[{\"id\":\"gid://shopify/ProductVariant/10001\",\"price\":\"29.90\",\"compareAtPrice\":\"35.00\"},"
                + "{\"id\":\"gid://shopify/ProductVariant/10002\",\"price\":\"19.99\",\"compareAtPrice\":null}]}");
    }

    @Test
    void withoutUserErrorsEveryVariantIsSynced() throws Exception {
        PriceCall call = new PriceCall("gid://shopify/Product/1", List.of(delivery(1, 1, "1.00", null)));

        PriceCall.Result result = call.result(json.readTree("{\"productVariants\":[],\"userErrors\":[]}"));

        assertThat(result.synced()).isEqualTo(call.deliveries());
        assertThat(result.failed()).isEmpty();
        assertThat(result.unanswered()).isNull();
    }

    @Test
    void aUserErrorNamingAVariantFailsItAndLeavesItsSiblingsUnwritten() throws Exception {
        Delivery first = delivery(1, 1, "1.00", null);
        Delivery second = delivery(1, 2, "2.00", "1.00");
        PriceCall call = new PriceCall("gid://shopify/Product/1", List.of(first, second));

        PriceCall.Result result = call.result(json.readTree("""
                {"productVariants": null, "userErrors": [{"code": "GREATER_THAN_OR_EQUAL_TO",
                 "field": ["variants", "1", "compareAtPrice"], "message": "Compare at price must be greater than price"}]}
                """));

        assertThat(result.synced()).isEmpty();
        assertThat(result.failed()).containsOnlyKeys(second);
        assertThat(result.failed().get(second)).containsExactly(new ChannelError("GREATER_THAN_OR_EQUAL_TO",
                "variants.1.compareAtPrice", "Compare at price must be greater than price"));
        assertThat(result.unwritten()).containsExactly(first);
        assertThat(PriceCall.reason(result.failed().get(second)))
                .isEqualTo("Shopify refused the price: Compare at price must be greater than price (variants.1.compareAtPrice)");
    }

    @Test
    void aUserErrorNamingNoVariantFailsTheWholeCall() throws Exception {
        PriceCall call = new PriceCall("gid://shopify/Product/1", List.of(delivery(1, 1, "1.00", null),
                delivery(1, 2, "2.00", null)));

        PriceCall.Result result = call.result(json.readTree("""
                {"userErrors": [{"code": "PRODUCT_DOES_NOT_EXIST", "field": ["productId"], "message": "Product does not exist"}]}
                """));

        assertThat(result.failed()).hasSize(2);
        assertThat(result.unwritten()).isEmpty();
    }

    @Test
    void anAnswerWithoutPayloadIsUnanswered() {
        PriceCall call = new PriceCall("gid://shopify/Product/1", List.of(delivery(1, 1, "1.00", null)));

        assertThat(call.result(null).unanswered()).isNotNull();
        assertThat(call.result(json.nullNode()).unanswered()).isNotNull();
    }
}
