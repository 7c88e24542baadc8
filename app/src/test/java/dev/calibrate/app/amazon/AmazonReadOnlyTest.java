package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.US;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read only is a property: a price change over Amazon-linked products applies in Calibrate, says per
 * item that Amazon is not synced and why, and Amazon never receives anything but GETs.
 */
class AmazonReadOnlyTest extends IntegrationTest {

    private static final String BRAND = "Read Only Brand";

    @Test
    void aPriceChangeOverAmazonProductsAppliesInCalibrateAndNothingIsSentToAmazon() {
        FakeSeller seller = AmazonFake.newSeller();
        for (int i = 1; i <= 4; i++) {
            seller.put(new FakeListing("RO-" + seller.sellerId() + "-" + i, "B0READONL" + i, "Listing " + i,
                    "Read only item " + i, BRAND, List.of(US), Map.of(US, new BigDecimal("20.00"))));
        }
        Api.TenantToken manager = api.newTenant("Read only " + UUID.randomUUID());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        AmazonFake.connect(api, manager, seller, List.of(US));
        assertThat(syncAndWait(api, manager).path("created").asInt()).isEqualTo(4);
        PriceChangeSteps changes = new PriceChangeSteps(api);

        String id = changes.approved(manager.token(), approver.token(), "10% off on Amazon",
                Map.of("selector", Map.of("all", List.of(Map.of("field", "vendor", "op", "in", "value", List.of(BRAND)))),
                        "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD"), Map.of());
        Api.Response applying = changes.action(manager.token(), id, "apply", null);
        assertThat(applying.status()).as(applying.body()).isEqualTo(202);
        changes.awaitApplied(manager.token(), id);

        List<JsonNode> items = changes.items(manager.token(), id);
        assertThat(items).hasSize(4).allSatisfy(item -> {
            assertThat(item.path("outcome").asText()).isEqualTo("APPLIED");
            assertThat(item.path("proposedPrice").path("amount").asText()).isEqualTo("18.00");
            assertThat(item.path("channels").path("amazon").path("state").asText()).isEqualTo("NOT_SYNCED");
            assertThat(item.path("channels").path("amazon").path("reason").asText())
                    .isEqualTo("not synced: Amazon is read-only");
            assertThat(item.path("channels").size()).isEqualTo(1);
        });
        assertThat(itemsWith(manager, id, "not_synced").path("total").asInt()).isEqualTo(4);
        assertThat(itemsWith(manager, id, "NOT_SYNCED").path("total").asInt()).isEqualTo(4);
        assertThat(itemsWith(manager, id, "pending").path("total").asInt()).isZero();
        assertInvalidField(api.get("/api/v1/price-changes/" + id + "/items?channelState=sent", manager.token()),
                "channelState");
        JsonNode change = changes.view(manager.token(), id, "APPLIED");
        assertThat(change.path("channelSync").has("amazon")).as(change.toString()).isFalse();
        assertThat(AmazonFake.server().requestsOf(seller.sellerId())).isNotEmpty()
                .extracting(FakeAmazon.Request::method).containsOnly("GET");
        assertThat(AmazonFake.server().requests()).filteredOn(r -> !r.path().equals("/auth/o2/token"))
                .extracting(FakeAmazon.Request::method).containsOnly("GET");
    }

    private JsonNode itemsWith(Api.TenantToken tenant, String id, String channelState) {
        Api.Response page = api.get("/api/v1/price-changes/" + id + "/items?channelState=" + channelState, tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json();
    }
}
