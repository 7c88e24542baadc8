package dev.calibrate.connectors.amazon.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake behaves like SP-API where a client can tell, and refuses to send what the Swagger model forbids. */
class FakeAmazonTest {

    private static final FakeAmazon AMAZON = new FakeAmazon();
    private static final String US = "ATVPDKIKX0DER";
    private static final String CA = "A2EUQ1WTGCTBG2";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private FakeSeller seller;
    private String token;

    @AfterAll
    static void stop() {
        AMAZON.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        seller = AMAZON.addSeller("A" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase());
        token = JSON.readTree(lwa("grant_type=refresh_token&refresh_token=" + enc(seller.refreshToken())
                + "&client_id=" + enc(seller.clientId()) + "&client_secret=" + enc(seller.clientSecret())).body())
                .get("access_token").asText();
    }

    @Test
    void aMalformedBodyIsRejectedByTheSwaggerModel() throws Exception {
        JsonNode missingRequired = JSON.readTree("{\"items\": [{\"sku\": \"A-1\"}]}");
        JsonNode wrongType = JSON.readTree("{\"numberOfResults\": \"three\", \"items\": []}");
        JsonNode badOffer = JSON.readTree("{\"numberOfResults\": 1, \"items\": [{\"sku\": \"A-1\", \"offers\":"
                + " [{\"marketplaceId\": \"ATVPDKIKX0DER\", \"offerType\": \"B2C\", \"price\": {\"amount\": \"9.99\"}}]}]}");

        assertThat(SpApiModels.violations(SpApiModels.LISTINGS, "ItemSearchResults", missingRequired))
                .anySatisfy(v -> assertThat(v).contains("numberOfResults"));
        assertThat(SpApiModels.violations(SpApiModels.LISTINGS, "ItemSearchResults", wrongType)).isNotEmpty();
        assertThat(SpApiModels.violations(SpApiModels.LISTINGS, "ItemSearchResults", badOffer))
                .anySatisfy(v -> assertThat(v).contains("currencyCode"));
        assertThat(SpApiModels.violations(SpApiModels.CATALOG, "ErrorList", JSON.readTree("{\"errors\": [{}]}")))
                .isNotEmpty();
    }

    @Test
    void theFakeDoesNotSendABodyThatDoesNotFitTheModel() throws Exception {
        seller.generateCatalog(3, List.of(US), 1);
        seller.malformNextResponse();

        HttpResponse<String> refused = get(listingsPath(US, 20, null));

        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(refused.body()).contains("FakeInvalidResponse");
        assertThat(AMAZON.invalidResponses()).anySatisfy(v -> assertThat(v).contains("numberOfResults"));
    }

    @Test
    void listingsPageByNextTokenThroughEveryListingOfTheMarketplace() throws Exception {
        List<FakeListing> made = seller.generateCatalog(47, List.of(US, CA), 7);
        Set<String> seen = new HashSet<>();
        List<Integer> pageSizes = new ArrayList<>();
        String next = null;
        do {
            HttpResponse<String> page = get(listingsPath(US, 20, next));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("x-amzn-RateLimit-Limit")).contains("5.0");
            JsonNode body = JSON.readTree(page.body());
            body.get("items").forEach(item -> seen.add(item.get("sku").asText()));
            pageSizes.add(body.get("items").size());
            next = body.path("pagination").path("nextToken").isTextual() ? body.at("/pagination/nextToken").asText() : null;
        } while (next != null);

        assertThat(pageSizes).containsExactly(20, 20, 7);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(made.stream().map(FakeListing::sku).toList());
        assertThat(AMAZON.invalidResponses()).noneSatisfy(v -> assertThat(v).contains(seller.sellerId()));
    }

    @Test
    void pagesOfMoreThanTwentyAreRefused() throws Exception {
        HttpResponse<String> refused = get(listingsPath(US, 21, null));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
    }

    @Test
    void catalogSearchesOfMoreThanTwentyIdentifiersAreRefused() throws Exception {
        List<String> skus = seller.generateCatalog(21, List.of(US), 3).stream().map(FakeListing::sku).toList();

        HttpResponse<String> refused = get(catalogPath(US, skus));
        HttpResponse<String> twenty = get(catalogPath(US, skus.subList(0, 20)));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(twenty.statusCode()).as(twenty.body()).isEqualTo(200);
        assertThat(JSON.readTree(twenty.body()).get("items").get(0).has("asin")).isTrue();
    }

    @Test
    void withoutTheSellersAccessTokenEveryCallIsUnauthorized() throws Exception {
        FakeSeller other = AMAZON.addSeller("AOTHER" + UUID.randomUUID().toString().substring(0, 6).toUpperCase());

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(AMAZON.spApiBaseUrl()
                + listingsPath(US, 20, null))).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> othersToken = http.send(HttpRequest.newBuilder(URI.create(AMAZON.spApiBaseUrl()
                        + "/listings/2021-08-01/items/" + other.sellerId() + "?marketplaceIds=" + US))
                .header("x-amz-access-token", token).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(othersToken.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(noToken.body()).at("/errors/0/code").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void anEmptyBucketAnswersQuotaExceeded() throws Exception {
        seller.generateCatalog(1, List.of(US), 5);
        String sku = seller.listings().iterator().next().sku();

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(get(catalogPath(US, List.of(sku))).statusCode());
        }

        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(seller.throttled()).isEqualTo(1);
    }

    @Test
    void injectedFaultsComeFirst() throws Exception {
        seller.failNext(500, 1);
        seller.failNext(429, 1);

        assertThat(get(listingsPath(US, 20, null)).statusCode()).isEqualTo(500);
        assertThat(get(listingsPath(US, 20, null)).statusCode()).isEqualTo(429);
        assertThat(get(listingsPath(US, 20, null)).statusCode()).isEqualTo(200);
        assertThat(seller.throttled()).as("injected 429s are not the bucket's").isZero();
    }

    @Test
    void lwaErrorsCarryErrorAndDescription() throws Exception {
        HttpResponse<String> badGrant = lwa("grant_type=refresh_token&refresh_token=nope&client_id="
                + enc(seller.clientId()) + "&client_secret=" + enc(seller.clientSecret()));
        HttpResponse<String> badClient = lwa("grant_type=refresh_token&refresh_token=" + enc(seller.refreshToken())
                + "&client_id=nope&client_secret=nope");

        assertThat(badGrant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badGrant.body()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(JSON.readTree(badGrant.body()).has("error_description")).isTrue();
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(badClient.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    private String listingsPath(String marketplace, int pageSize, String pageToken) {
        return "/listings/2021-08-01/items/" + seller.sellerId() + "?marketplaceIds=" + marketplace
                + "&includedData=summaries,offers&pageSize=" + pageSize + (pageToken == null ? "" : "&pageToken=" + pageToken);
    }

    private String catalogPath(String marketplace, List<String> skus) {
        return "/catalog/2022-04-01/items?marketplaceIds=" + marketplace + "&identifiers="
                + String.join(",", skus.stream().map(FakeAmazonTest::enc).toList())
                + "&identifiersType=SKU&sellerId=" + seller.sellerId() + "&includedData=summaries,identifiers";
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(AMAZON.spApiBaseUrl() + path))
                .header("x-amz-access-token", token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> lwa(String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(AMAZON.lwaUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
