package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.CA;
import static dev.calibrate.app.support.AmazonFake.US;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/connectors/amazon/listings}: Amazon's offers beside Calibrate's prices, so the
 * merchant knows which listings to update by hand after a price change (Calibrate is read-only there).
 */
class AmazonListingsTest extends IntegrationTest {

    private static final String LISTINGS = "/api/v1/connectors/amazon/listings";
    private static final String CHANGED = "Changed Brand";
    private static final String KEPT = "Kept Brand";
    private static final String NOTE = "Calibrate's price 18.00 USD is not on Amazon: update it in Seller Central"
            + " (Calibrate is read-only on Amazon)";

    @Test
    void afterAnAppliedPriceChangeTheChangedListingsDifferFromAmazonAndSayWhatToDo() {
        FakeSeller seller = AmazonFake.newSeller();
        List<String> changed = List.of(listing(seller, 1, CHANGED), listing(seller, 2, CHANGED));
        List<String> kept = List.of(listing(seller, 3, KEPT), listing(seller, 4, KEPT));
        Api.TenantToken manager = api.newTenant("Amazon listings " + UUID.randomUUID());
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        Api.TenantToken reader = api.token(manager.tenantId(), "catalog:read");
        AmazonFake.connect(api, manager, seller, List.of(US, CA));
        assertThat(syncAndWait(api, manager).path("state").asText()).isEqualTo("COMPLETED");

        JsonNode synced = listings(reader, "");
        assertThat(synced.path("total").asInt()).isEqualTo(4);
        assertThat(skus(synced)).containsExactlyElementsOf(sorted(changed, kept));
        assertThat(synced.path("items")).allSatisfy(item -> {
            assertThat(item.path("differs").asBoolean()).as(item.toString()).isFalse();
            assertThat(item.hasNonNull("note")).as(item.toString()).isFalse();
            assertThat(item.path("productId").asText()).isNotBlank();
            assertThat(item.path("asin").asText()).startsWith("B0LISTING");
            assertThat(item.path("marketplaceId").asText()).isEqualTo(US);
            assertThat(item.path("title").asText()).startsWith("Listed item ");
            assertThat(item.path("offers")).hasSize(2);
            assertOffer(item.path("offers").get(0), US, "20.00", "USD", "20.00", false);
            assertOffer(item.path("offers").get(1), CA, "27.00", "CAD", "27.00", false);
            assertThat(item.path("calibratePrices").path("USD").path("amount").asText()).isEqualTo("20.00");
        });
        assertThat(listings(reader, "?differs=true").path("total").asInt()).isZero();

        PriceChangeSteps changes = new PriceChangeSteps(api);
        String id = changes.approved(manager.token(), approver.token(), "10% off one brand",
                Map.of("selector", Map.of("all", List.of(Map.of("field", "vendor", "op", "in", "value", List.of(CHANGED)))),
                        "transform", List.of(Map.of("op", "percent", "value", -10)), "currency", "USD"), Map.of());
        Api.Response applying = changes.action(manager.token(), id, "apply", null);
        assertThat(applying.status()).as(applying.body()).isEqualTo(202);
        changes.awaitApplied(manager.token(), id);

        JsonNode all = listings(manager, "");
        assertThat(all.path("total").asInt()).isEqualTo(4);
        for (JsonNode item : all.path("items")) {
            boolean wasChanged = changed.contains(item.path("sku").asText());
            assertThat(item.path("differs").asBoolean()).as(item.toString()).isEqualTo(wasChanged);
            assertOffer(item.path("offers").get(0), US, "20.00", "USD", wasChanged ? "18.00" : "20.00", wasChanged);
            assertOffer(item.path("offers").get(1), CA, "27.00", "CAD", "27.00", false);
            assertThat(item.path("calibratePrices").path("USD").path("amount").asText())
                    .isEqualTo(wasChanged ? "18.00" : "20.00");
            if (wasChanged) {
                assertThat(item.path("note").asText()).isEqualTo(NOTE);
            } else {
                assertThat(item.hasNonNull("note")).as(item.toString()).isFalse();
            }
        }
        JsonNode differing = listings(reader, "?differs=true");
        assertThat(differing.path("total").asInt()).isEqualTo(2);
        assertThat(skus(differing)).containsExactlyElementsOf(changed);
        assertThat(skus(listings(reader, "?differs=false"))).containsExactlyElementsOf(kept);
        JsonNode secondPage = listings(reader, "?differs=true&page=1&size=1");
        assertThat(secondPage.path("total").asInt()).isEqualTo(2);
        assertThat(skus(secondPage)).containsExactly(changed.get(1));
        assertThat(secondPage.path("page").asInt()).isEqualTo(1);
        assertThat(secondPage.path("size").asInt()).isEqualTo(1);
        assertThat(listings(reader, "?page=9").path("items")).isEmpty();

        Api.TenantToken notConnected = api.newTenant("Amazon listings, no seller " + UUID.randomUUID());
        assertProblem(api.get(LISTINGS, notConnected.token()), 404, "not-found");
        FakeSeller otherSeller = AmazonFake.newSeller();
        String otherSku = listing(otherSeller, 1, KEPT);
        Api.TenantToken other = api.newTenant("Amazon listings, other seller " + UUID.randomUUID());
        AmazonFake.connect(api, other, otherSeller, List.of(US, CA));
        assertThat(syncAndWait(api, other).path("state").asText()).isEqualTo("COMPLETED");
        assertThat(skus(listings(other, ""))).containsExactly(otherSku);
        assertThat(listings(other, "?differs=true").path("total").asInt()).isZero();
    }

    @Test
    void pagesWalkTheListingsInSkuOrderWithAndWithoutTheDiffersFilter() {
        FakeSeller seller = AmazonFake.newSeller();
        List<String> all = new java.util.ArrayList<>();
        for (int n = 10; n < 55; n++) {
            all.add(listing(seller, n, KEPT));
        }
        Api.TenantToken reader = api.newTenant("Amazon listings, pages " + UUID.randomUUID());
        AmazonFake.connect(api, reader, seller, List.of(US, CA));
        assertThat(syncAndWait(api, reader).path("state").asText()).isEqualTo("COMPLETED");

        for (String filter : List.of("", "&differs=false")) {
            List<String> walked = new java.util.ArrayList<>();
            for (int page = 0; page < 3; page++) {
                JsonNode found = listings(reader, "?size=20&page=" + page + filter);
                assertThat(found.path("total").asInt()).as(filter).isEqualTo(45);
                assertThat(found.path("items")).as(filter).hasSize(page < 2 ? 20 : 5);
                assertThat(found.path("items")).allSatisfy(item ->
                        assertThat(item.path("calibratePrices").path("USD").path("amount").asText()).isEqualTo("20.00"));
                walked.addAll(skus(found));
            }
            assertThat(walked).as("pages %s, one after the other", filter).containsExactlyElementsOf(all.stream().sorted().toList());
            assertThat(listings(reader, "?size=20&page=3" + filter).path("items")).isEmpty();
        }
        JsonNode none = listings(reader, "?size=20&differs=true");
        assertThat(none.path("total").asInt()).isZero();
        assertThat(none.path("items")).isEmpty();
    }

    @Test
    void badParametersAre400sNamingTheParameterAndOtherScopesAre403() {
        Api.TenantToken tenant = api.newTenant("Amazon listings, bad input " + UUID.randomUUID());
        assertInvalidField(api.get(LISTINGS + "?differs=maybe", tenant.token()), "differs");
        assertInvalidField(api.get(LISTINGS + "?size=0", tenant.token()), "size");
        assertInvalidField(api.get(LISTINGS + "?size=501", tenant.token()), "size");
        assertInvalidField(api.get(LISTINGS + "?size=many", tenant.token()), "size");
        assertInvalidField(api.get(LISTINGS + "?page=-1", tenant.token()), "page");
        Api.TenantToken approver = api.token(tenant.tenantId(), "prices:approve");
        assertProblem(api.get(LISTINGS, approver.token()), 403, null);
    }

    /** A listing in the US and Canada at 20.00 USD and 27.00 CAD; answers its SKU. */
    private static String listing(FakeSeller seller, int n, String brand) {
        String sku = "LST-" + seller.sellerId() + "-" + n;
        seller.put(new FakeListing(sku, "B0LISTING" + n, "Listing " + n, "Listed item " + n, brand, List.of(US, CA),
                Map.of(US, new BigDecimal("20.00"), CA, new BigDecimal("27.00"))));
        return sku;
    }

    private JsonNode listings(Api.TenantToken tenant, String query) {
        Api.Response page = api.get(LISTINGS + query, tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("refresh");
        return page.json();
    }

    private static void assertOffer(JsonNode offer, String marketplaceId, String amount, String currency,
                                    String calibrate, boolean differs) {
        assertThat(offer.path("marketplaceId").asText()).isEqualTo(marketplaceId);
        assertThat(offer.path("price").path("amount").asText()).isEqualTo(amount);
        assertThat(offer.path("price").path("currency").asText()).isEqualTo(currency);
        if (calibrate == null) {
            assertThat(offer.hasNonNull("calibratePrice")).as(offer.toString()).isFalse();
        } else {
            assertThat(offer.path("calibratePrice").path("amount").asText()).isEqualTo(calibrate);
            assertThat(offer.path("calibratePrice").path("currency").asText()).isEqualTo(currency);
        }
        assertThat(offer.path("differs").asBoolean()).as(offer.toString()).isEqualTo(differs);
    }

    private static List<String> skus(JsonNode page) {
        return page.path("items").findValuesAsText("sku");
    }

    private static List<String> sorted(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).sorted().toList();
    }
}
