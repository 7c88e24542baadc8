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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.calibrate.app.amazon.AmazonSteps.catalog;
import static dev.calibrate.app.amazon.AmazonSteps.expected;
import static dev.calibrate.app.amazon.AmazonSteps.status;
import static dev.calibrate.app.amazon.AmazonSteps.syncAndWait;
import static dev.calibrate.app.support.AmazonFake.CA;
import static dev.calibrate.app.support.AmazonFake.US;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An Amazon ingest writes while it reads: the products of the first catalog lookups are in the
 * catalog while the fake still serves the later ones, each product gets the one upsert a read-then-write
 * ingest would give it, and a failure while writing ends the ingest and its reading.
 */
class AmazonIngestOverlapTest extends IntegrationTest {

    @Autowired
    Environment env;

    private Sql sql;
    private FakeSeller seller;
    private Api.TenantToken tenant;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        seller = AmazonFake.newSeller();
        tenant = api.newTenant("Amazon overlap " + UUID.randomUUID());
    }

    @AfterEach
    void everyAnswerFitTheSwaggerModels() {
        assertThat(AmazonFake.server().invalidResponses()).noneSatisfy(v -> assertThat(v).contains(seller.sellerId()));
        sql.close();
    }

    @Test
    void productsAreWrittenWhileTheFakeStillServesCatalogLookups() {
        seller.generateCatalog(400, List.of(US), 21);
        AmazonFake.connect(api, tenant, seller, List.of(US));
        int lookupsNeeded = 400 / 20;

        api.post(AmazonSteps.SYNC, tenant.token(), null);
        JsonNode writing = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(api, tenant).path("sync"), s -> s.path("productsUpserted").asInt() > 0
                        || List.of("COMPLETED", "FAILED").contains(s.path("state").asText()));
        long lookupsServed = catalogCalls();

        assertThat(writing.path("state").asText()).as(writing.toString()).isEqualTo("RUNNING");
        assertThat(lookupsServed).as("catalog lookups served when the first products were written")
                .isLessThan(lookupsNeeded);
        JsonNode done = syncAndWait(api, tenant);
        assertThat(done.path("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(catalog(sql, tenant)).isEqualTo(expected(seller, List.of(US)));
        assertThat(catalogCalls()).as("one lookup per 20 SKUs, and a retry at most").isBetween(
                (long) lookupsNeeded, lookupsNeeded + 2L);
    }

    @Test
    void everyProductGetsTheOneUpsertOfAllItsMarketplacesAsAReadThenWriteIngestGaveIt() {
        seller.generateCatalog(90, List.of(US, CA), 33);
        AmazonFake.connect(api, tenant, seller, List.of(US, CA));

        JsonNode sync = syncAndWait(api, tenant);

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("COMPLETED");
        Map<String, AmazonSteps.Row> expected = expected(seller, List.of(US, CA));
        assertThat(catalog(sql, tenant)).isEqualTo(expected);
        // created with its prices in one command: ProductCreated, then one ProductPriceObserved per currency
        Map<String, List<String>> expectedStreams = new TreeMap<>();
        for (FakeListing listing : seller.listings()) {
            if (expected.containsKey(listing.sku())) {
                List<String> events = new java.util.ArrayList<>(List.of("ProductCreated"));
                listing.prices().keySet().forEach(m -> events.add("ProductPriceObserved"));
                expectedStreams.put(listing.sku(), events);
            }
        }
        assertThat(eventStreams()).isEqualTo(expectedStreams);
        long inBoth = seller.listings().stream().filter(l -> l.marketplaceIds().size() == 2
                && expected.containsKey(l.sku()) && !l.prices().isEmpty()).count();
        assertThat(inBoth).as("the seller has products with an offer in both marketplaces").isPositive();
    }

    @Test
    void aWriteFailureMidSyncEndsItAsFailedWithWhatWasWrittenAndStopsReading() {
        List<FakeListing> listings = seller.generateCatalog(400, List.of(US), 8);
        AmazonFake.connect(api, tenant, seller, List.of(US));
        String poisoned = listings.get(45).sku();
        sql.execute("CREATE FUNCTION test_refuse_listing() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN RAISE EXCEPTION 'refused by the test'; END $$");
        sql.execute("CREATE TRIGGER test_refuse_listing BEFORE INSERT ON amazon_listing FOR EACH ROW"
                + " WHEN (NEW.sku = '" + poisoned + "') EXECUTE FUNCTION test_refuse_listing()");
        JsonNode sync;
        try {
            sync = syncAndWait(api, tenant);
        } finally {
            sql.execute("DROP TRIGGER test_refuse_listing ON amazon_listing");
            sql.execute("DROP FUNCTION test_refuse_listing()");
        }

        assertThat(sync.path("state").asText()).as(sync.toString()).isEqualTo("FAILED");
        assertThat(sync.path("error").asText()).contains("writing listing SKU \"" + poisoned + "\" failed")
                .contains("stopped reading Amazon");
        assertThat(sync.path("lastFailureAt").asText()).isNotBlank();
        Map<String, AmazonSteps.Row> written = catalog(sql, tenant);
        Map<String, AmazonSteps.Row> before = expected(seller, List.of(US)).entrySet().stream()
                .filter(e -> e.getKey().compareTo(poisoned) < 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(written).as("every product before the refused one, none after it").isEqualTo(before);
        assertThat(sync.path("created").asInt()).as("the status counts what was written").isEqualTo(written.size());
        long lookups = catalogCalls();
        assertThat(lookups).as("reading stopped long before the 20 lookups the seller needs").isLessThan(20);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> catalogCalls() == lookups);
    }

    private long catalogCalls() {
        return AmazonFake.server().requestsOf(seller.sellerId()).stream()
                .filter(r -> r.path().startsWith("/catalog/")).count();
    }

    /** The payload types of each product's events, in sequence order, by SKU. */
    private Map<String, List<String>> eventStreams() {
        return sql.query("""
                        SELECT v.sku, e.payloadtype FROM domainevententry e
                          JOIN product_view v ON e.aggregateidentifier = v.product_id::text
                         WHERE v.tenant_id = ? ORDER BY v.sku, e.sequencenumber""",
                        UUID.fromString(tenant.tenantId())).stream()
                .collect(Collectors.groupingBy(r -> (String) r.get("sku"), TreeMap::new, Collectors.mapping(
                        r -> ((String) r.get("payloadtype")).replaceAll(".*[.$]", ""), Collectors.toList())));
    }
}
