package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.amazon.fake.FakeListing;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.amazon.AmazonSteps.catalog;
import static dev.calibrate.app.amazon.AmazonSteps.expected;
import static dev.calibrate.app.amazon.AmazonSteps.productEvents;
import static dev.calibrate.app.amazon.AmazonSteps.status;
import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.CA;
import static dev.calibrate.app.support.AmazonFake.US;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/connectors/amazon/sync} against the fake SP-API, through to the catalog. */
class AmazonSyncTest extends IntegrationTest {

    private static final List<String> US_CA = List.of(US, CA);

    @Autowired
    Environment env;

    private Sql sql;
    private FakeSeller seller;
    private Api.TenantToken tenant;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        seller = AmazonFake.newSeller();
        tenant = api.newTenant("Amazon sync " + UUID.randomUUID());
    }

    @AfterEach
    void everyAnswerFitTheSwaggerModels() {
        assertThat(AmazonFake.server().invalidResponses()).noneSatisfy(v -> assertThat(v).contains(seller.sellerId()));
        sql.close();
    }

    @Test
    void aSyncPagesEveryListingThroughThrottlingAndLandsExactlyTheSellersCatalog() {
        seller.generateCatalog(70, US_CA, 17);
        AmazonFake.connect(api, tenant, seller, US_CA);
        seller.failNext(429, 2);
        seller.failNext(500, 1);

        JsonNode sync = syncAndWait(api, tenant);

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        Map<String, AmazonSteps.Row> expected = expected(seller, US_CA);
        assertThat(catalog(sql, tenant)).isEqualTo(expected);
        long inCanada = seller.listings().stream().filter(l -> l.marketplaceIds().contains(CA)).count();
        assertThat(sync.path("pages").asInt()).isEqualTo(4 + (int) Math.ceil(inCanada / 20.0));
        assertThat(sync.path("listingsSeen").asInt()).isEqualTo(70 + (int) inCanada);
        assertThat(sync.path("created").asInt()).isEqualTo(expected.size());
        assertThat(sync.path("productsUpserted").asInt()).isEqualTo(expected.size());
        assertThat(sync.path("lastSuccessAt").asText()).isNotBlank();
        long untitled = seller.listings().stream().filter(l -> l.catalogTitle() == null && l.itemName() == null).count();
        long unpriced = seller.listings().stream().filter(l -> l.prices().isEmpty()
                && (l.catalogTitle() != null || l.itemName() != null)).count();
        assertThat(untitled).as("the generated catalog has listings without a title").isPositive();
        assertThat(unpriced).as("and listings without an offer").isPositive();
        assertThat(sync.path("warnings")).extracting(JsonNode::asText)
                .filteredOn(w -> w.contains("neither the catalog nor the listing gives a title")).hasSize((int) untitled);
        assertThat(sync.path("warnings")).extracting(JsonNode::asText)
                .filteredOn(w -> w.contains("imported without a price")).hasSize((int) unpriced);
        assertThat(seller.throttled()).as("429s the fake's buckets had to send to a paced client").isLessThanOrEqualTo(2);
        assertThat(seller.tokenRequests()).as("one LWA token (from the connect check) for every SP-API call").isEqualTo(1);
        assertThat(AmazonFake.server().requestsOf(seller.sellerId())).extracting(r -> r.method()).containsOnly("GET");
    }

    @Test
    void callsQuotaAnswersRetriesTokensAndSyncsAreMetrics() {
        seller.generateCatalog(3, List.of(US), 2);
        AmazonFake.connect(api, tenant, seller, List.of(US));
        seller.failNext(429, 1);
        syncAndWait(api, tenant);

        String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();

        assertThat(metrics)
                .contains("calibrate_amazon_calls_seconds_count{operation=\"searchListingsItems\",outcome=\"ok\"")
                .contains("calibrate_amazon_calls_seconds_count{operation=\"searchCatalogItems\",outcome=\"ok\"")
                .contains("calibrate_amazon_quota_exceeded_total{operation=\"searchListingsItems\"")
                .contains("calibrate_amazon_retries_total")
                .contains("calibrate_amazon_lwa_tokens_total{outcome=\"ok\"")
                .contains("calibrate_amazon_sync_duration_seconds_count{outcome=\"completed\"")
                .contains("calibrate_amazon_connections_broken");
    }

    @Test
    void aSecondSyncOfAnUnchangedSellerEmitsNoEvents() {
        seller.generateCatalog(30, US_CA, 5);
        AmazonFake.connect(api, tenant, seller, US_CA);
        syncAndWait(api, tenant);
        long before = productEvents(sql, tenant);

        JsonNode again = syncAndWait(api, tenant);

        assertThat(again.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(again.path("created").asInt() + again.path("updated").asInt() + again.path("removed").asInt()).isZero();
        assertThat(again.path("unchanged").asInt()).isEqualTo(expected(seller, US_CA).size());
        assertThat(productEvents(sql, tenant)).isEqualTo(before);
    }

    @Test
    void aChangedPriceIsObservedAndAVanishedListingLosesItsRefAndGoesInactive() {
        List<FakeListing> listings = seller.generateCatalog(25, List.of(US), 9).stream()
                .filter(l -> l.catalogTitle() != null && !l.prices().isEmpty()).toList();
        AmazonFake.connect(api, tenant, seller, List.of(US));
        syncAndWait(api, tenant);
        FakeListing repriced = listings.get(0);
        FakeListing vanished = listings.get(1);
        seller.put(repriced.withPrice(US, "12.34"));
        seller.remove(vanished.sku());

        JsonNode sync = syncAndWait(api, tenant);

        assertThat(sync.path("updated").asInt()).isEqualTo(1);
        assertThat(sync.path("removed").asInt()).isEqualTo(1);
        Map<String, AmazonSteps.Row> catalog = catalog(sql, tenant);
        assertThat(catalog.get(repriced.sku()).usd()).isEqualTo("12.34");
        assertThat(catalog.get(vanished.sku()).active()).isFalse();
        assertThat(catalog.get(vanished.sku()).asin()).isNull();
        assertThat(catalog.get(vanished.sku()).marketplaceId()).isNull();
        assertThat(catalog.get(vanished.sku()).title()).isEqualTo(vanished.catalogTitle());
    }

    @Test
    void controlCharactersFromAmazonAreDroppedWithAWarning() {
        seller.put(new FakeListing("CTRL-1", "B0CTRL0001", "Item\u0000 name", "Title\u0000 from the catalog",
                "Br\u0007and", List.of(US), Map.of(US, new BigDecimal("9.99"))));
        AmazonFake.connect(api, tenant, seller, List.of(US));

        JsonNode sync = syncAndWait(api, tenant);

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        assertThat(sync.path("warnings").toString()).contains("control characters").contains("item name")
                .contains("title").contains("brand");
        AmazonSteps.Row row = catalog(sql, tenant).get("CTRL-1");
        assertThat(row.title()).isEqualTo("Title from the catalog");
        assertThat(row.vendor()).isEqualTo("Brand");
    }

    @Test
    void aRevokedRefreshTokenBreaksTheConnectionUntilAReconnect() {
        seller.generateCatalog(5, List.of(US), 3);
        seller.tokenLifetime(30);
        AmazonFake.connect(api, tenant, seller, List.of(US));
        seller.revokeRefreshToken();

        JsonNode sync = syncAndWait(api, tenant);

        assertThat(sync.path("state").asText()).isEqualTo("FAILED");
        assertThat(sync.path("error").asText()).contains("invalid_grant");
        assertThat(sync.path("lastFailureAt").asText()).isNotBlank();
        JsonNode status = status(api, tenant);
        assertThat(status.at("/connection/status").asText()).isEqualTo("BROKEN");
        assertThat(status.at("/connection/statusReason").asText()).contains("invalid_grant");
        assertThat(status.at("/health/credentialsValid").asBoolean()).isFalse();
        JsonNode component = api.healthDetails().json().path("components").path("amazon");
        assertThat(component.path("status").asText()).isEqualTo("UP");
        assertThat(component.at("/details/attention").path(seller.sellerId()).asText()).contains("BROKEN", "invalid_grant");
        assertProblem(api.post(AmazonSteps.SYNC, tenant.token(), null), 409, null);

        AmazonFake.connect(api, tenant, seller, List.of(US));

        assertThat(status(api, tenant).at("/connection/status").asText()).isEqualTo("ACTIVE");
        assertThat(status(api, tenant).at("/health/credentialsValid").asBoolean()).isTrue();
        assertThat(api.healthDetails().json().at("/components/amazon/details/attention")
                .has(seller.sellerId())).isFalse();
        assertThat(syncAndWait(api, tenant).path("state").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void tokensShorterThanTheRenewalMarginAreRenewedBeforeEveryCall() {
        seller.generateCatalog(45, List.of(US), 4);
        seller.tokenLifetime(30);
        AmazonFake.connect(api, tenant, seller, List.of(US));

        syncAndWait(api, tenant);

        int calls = AmazonFake.server().requestsOf(seller.sellerId()).size();
        assertThat(calls).as("3 listings pages and 3 catalog searches, and any retries").isGreaterThanOrEqualTo(6);
        assertThat(seller.tokenRequests()).isEqualTo(1 + calls);
    }

    @Test
    void theStatusSaysPlainlyThatAmazonIsReadOnly() {
        AmazonFake.connect(api, tenant, seller, List.of(US));

        JsonNode status = status(api, tenant);

        assertThat(status.path("readOnly").asBoolean()).isTrue();
        assertThat(status.path("readOnlyStatement").asText()).contains("Calibrate never changes anything on Amazon");
        assertThat(status.at("/sync/state").asText()).isEqualTo("NEVER");
    }

    @Test
    void tenantsSyncingTheSameSkuGetTheirOwnProducts() {
        FakeSeller otherSeller = AmazonFake.newSeller();
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());
        seller.put(new FakeListing("SHARED-1", "B0SHARED01", "Mug", "Acme mug", "Acme", List.of(US),
                Map.of(US, new BigDecimal("10.00"))));
        otherSeller.put(new FakeListing("SHARED-1", "B0SHARED02", "Cup", "Globex cup", "Globex", List.of(US),
                Map.of(US, new BigDecimal("20.00"))));
        AmazonFake.connect(api, tenant, seller, List.of(US));
        AmazonFake.connect(api, other, otherSeller, List.of(US));

        syncAndWait(api, tenant);
        syncAndWait(api, other);

        assertThat(catalog(sql, tenant)).containsOnlyKeys("SHARED-1");
        assertThat(catalog(sql, tenant).get("SHARED-1").title()).isEqualTo("Acme mug");
        assertThat(catalog(sql, other).get("SHARED-1").title()).isEqualTo("Globex cup");
        assertThat(catalog(sql, other).get("SHARED-1").usd()).isEqualTo("20.00");
    }
}
