package dev.calibrate.app.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ShopifyFake;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import dev.calibrate.connectors.shopify.fake.FakeShop;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Connector status at /graphql: what REST's status endpoints answer, per connector, never a secret. */
class GraphQlConnectorsTest extends IntegrationTest {

    private static final String STATUS = """
            { connectors {
                shopify {
                  connection { shop shopName currency kind status statusReason webhooks connectedAt }
                  api { tokenValid lastSuccessAt lastFailureAt lastFailure circuitBreaker
                        costBucket { available maximum restoreRatePerSecond headroomPercent reportedAt } }
                  sync { state mode requestedAt startedAt finishedAt products variants created updated unchanged
                         deactivated warnings error }
                  deliveries { pending failed oldestPendingSince oldestPendingAgeSeconds lastSyncedAt outcomesToRecord }
                }
                amazon {
                  connection { sellerId region marketplaceIds status statusReason connectedAt readOnly }
                  readOnly readOnlyStatement
                  health { status credentialsValid reason lastSuccessAt lastFailureAt lastFailure circuitBreaker }
                  sync { state requestedAt startedAt finishedAt pages listingsSeen productsUpserted created updated
                         unchanged removed warnings error lastSuccessAt lastFailureAt }
                }
            } }""";

    private GraphQlClient graphql;
    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        graphql = new GraphQlClient(api);
        acme = api.newTenant("GraphQL connectors " + UUID.randomUUID());
    }

    @Test
    void connectorsTheTenantHasNotConnectedAreNull() {
        JsonNode answer = graphql.query(acme.token(), STATUS);

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/data/connectors/shopify").isNull()).isTrue();
        assertThat(answer.at("/data/connectors/amazon").isNull()).isTrue();
    }

    @Test
    void eachConnectorAnswersWhatItsRestStatusAnswersWithoutASecret() {
        FakeShop shop = ShopifyFake.newShop("EUR");
        ShopifyFake.connect(api, acme, shop);
        FakeSeller seller = AmazonFake.newSeller();
        AmazonFake.connect(api, acme, seller, List.of(AmazonFake.US));

        // connecting starts a sync of each: compare once both are settled, so that neither moves between reads
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> settled("shopify") && settled("amazon"));
        Api.Response shopify = api.get("/api/v1/connectors/shopify/status", acme.token());
        Api.Response amazon = api.get("/api/v1/connectors/amazon/status", acme.token());
        Api.Response graphQl = graphql.post(acme.token(), STATUS, Map.of());
        JsonNode answer = graphQl.json();

        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(shopify.status()).as(shopify.body()).isEqualTo(200);
        assertThat(amazon.status()).as(amazon.body()).isEqualTo(200);
        assertSameAsRest(answer.at("/data/connectors/shopify"), shopify.json(), "shopify");
        assertSameAsRest(answer.at("/data/connectors/amazon"), amazon.json(), "amazon");
        assertThat(answer.at("/data/connectors/shopify/connection/shop").asText()).isEqualTo(shop.domain());
        assertThat(answer.at("/data/connectors/amazon/connection/sellerId").asText()).isEqualTo(seller.sellerId());
        assertThat(answer.at("/data/connectors/amazon/readOnly").asBoolean()).isTrue();
        assertThat(graphQl.body()).doesNotContain(shop.accessToken()).doesNotContain(FakeShopify.DEFAULT_CLIENT_SECRET)
                .doesNotContain(seller.clientId()).doesNotContain(seller.clientSecret())
                .doesNotContain(seller.refreshToken());

        // a catalog reader sees them as REST shows them to it; another tenant sees neither
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read");
        JsonNode read = graphql.query(reader.token(), "{ connectors { shopify { connection { shop } } "
                + "amazon { connection { sellerId } } } }");
        assertThat(read.has("errors")).as(read.toString()).isFalse();
        assertThat(read.at("/data/connectors/shopify/connection/shop").asText()).isEqualTo(shop.domain());
        Api.TenantToken other = api.newTenant("Other connectors " + UUID.randomUUID());
        JsonNode theirs = graphql.query(other.token(), STATUS);
        assertThat(theirs.has("errors")).as(theirs.toString()).isFalse();
        assertThat(theirs.at("/data/connectors/shopify").isNull()).isTrue();
        assertThat(theirs.at("/data/connectors/amazon").isNull()).isTrue();
    }

    @Test
    void withoutConnectorsAdminOrCatalogReadEachConnectorIsForbidden() {
        ShopifyFake.connect(api, acme, ShopifyFake.newShop("USD"));
        Api.TenantToken pricesOnly = api.token(acme.tenantId(), "prices:write", "competitors:read");

        JsonNode answer = graphql.query(pricesOnly.token(), STATUS);

        assertThat(answer.at("/data/connectors/shopify").isNull()).isTrue();
        assertThat(answer.at("/data/connectors/amazon").isNull()).isTrue();
        assertThat(answer.get("errors")).hasSize(2).allSatisfy(error ->
                assertThat(error.at("/extensions/classification").asText()).isEqualTo("FORBIDDEN"));
        assertThat(answer.get("errors")).extracting(error -> error.at("/path/1").asText())
                .containsExactlyInAnyOrder("shopify", "amazon");
        assertThat(api.get("/api/v1/connectors/shopify/status", pricesOnly.token()).status()).isEqualTo(403);
    }

    @Test
    void theConnectorsCostAsObjects() {
        JsonNode answer = graphql.query(acme.token(),
                "{ connectors { shopify { connection { shop } } amazon { sync { state } } } }");
        assertThat(answer.has("errors")).as(answer.toString()).isFalse();
        assertThat(answer.at("/extensions/cost/requestedQueryCost").asLong()).isEqualTo(5);
        assertThat(answer.at("/extensions/cost/actualQueryCost").asLong()).isEqualTo(1);
    }

    private boolean settled(String connector) {
        String state = api.get("/api/v1/connectors/" + connector + "/status", acme.token()).json()
                .path("sync").path("state").asText();
        return !state.equals("QUEUED") && !state.equals("RUNNING");
    }

    /** Every field GraphQL answered is REST's (which leaves nulls out), object by object. */
    private static void assertSameAsRest(JsonNode graphQl, JsonNode rest, String path) {
        assertThat(graphQl.isObject()).as(path).isTrue();
        Iterator<Map.Entry<String, JsonNode>> fields = graphQl.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            JsonNode theirs = rest.path(field.getKey());
            JsonNode mine = field.getValue();
            if (mine.isNull()) {
                assertThat(theirs.isMissingNode() || theirs.isNull()).as(at + " " + theirs).isTrue();
            } else if (field.getKey().equals("costBucket")) {
                // the sync started by connecting draws on the shop's bucket between the two reads: its level,
                // headroom and time move; its size and refill rate do not
                assertThat(theirs.isObject()).as(at).isTrue();
                assertThat(mine.path("maximum").asInt()).as(at).isEqualTo(theirs.path("maximum").asInt());
                assertThat(mine.path("restoreRatePerSecond").asDouble()).as(at)
                        .isEqualTo(theirs.path("restoreRatePerSecond").asDouble());
            } else if (mine.isObject()) {
                assertSameAsRest(mine, theirs, at);
            } else if (mine.isNumber()) {
                assertThat(mine.asDouble()).as(at).isEqualTo(theirs.asDouble());
            } else {
                assertThat(mine.toString()).as(at).isEqualTo(theirs.toString());
            }
        }
    }
}
