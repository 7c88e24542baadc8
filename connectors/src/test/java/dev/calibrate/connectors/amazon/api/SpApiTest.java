package dev.calibrate.connectors.amazon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.amazon.AmazonMetrics;
import dev.calibrate.connectors.amazon.AmazonRegion;
import dev.calibrate.connectors.amazon.AmazonSettings;
import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import dev.calibrate.kernel.tenant.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The GET-only SP-API client against the fake: pacing, retries, one token for many calls. */
class SpApiTest {

    private static final FakeAmazon AMAZON = new FakeAmazon();
    private static final String US = "ATVPDKIKX0DER";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private FakeSeller seller;
    private SpApi spApi;
    private SpApi.Access access;

    @AfterAll
    static void stop() {
        AMAZON.close();
    }

    @BeforeEach
    void setUp() {
        seller = AMAZON.addSeller("A" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase());
        seller.generateCatalog(5, List.of(US), 11);
        AmazonSettings settings = new AmazonSettings(AMAZON.lwaUrl(), AMAZON.spApiBaseUrl(), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 4, Duration.ofSeconds(60), 10);
        AmazonMetrics metrics = new AmazonMetrics(meters);
        LwaTokens tokens = new LwaTokens(settings, metrics, new ObjectMapper(), Optional.empty());
        spApi = new SpApi(settings, tokens, metrics, new ObjectMapper(), Optional.empty());
        access = new SpApi.Access(new TenantId(UUID.randomUUID()), seller.sellerId(), AmazonRegion.NA,
                new LwaCredentials(seller.clientId(), seller.clientSecret(), seller.refreshToken()));
    }

    @Test
    void aPacedClientStaysWithinTheBucketAndNeedsOneToken() {
        for (int i = 0; i < 22; i++) {
            assertThat(listings().get("numberOfResults").asInt()).isEqualTo(5);
        }

        assertThat(seller.throttled()).as("429s the fake had to send").isLessThanOrEqualTo(1);
        assertThat(seller.tokenRequests()).isEqualTo(1);
        assertThat(AMAZON.requestsOf(seller.sellerId())).extracting(FakeAmazon.Request::method).containsOnly("GET");
    }

    @Test
    void quotaExceededAndServerErrorsAreRetried() {
        seller.failNext(429, 1);
        seller.failNext(500, 1);
        seller.failNext(503, 1);

        assertThat(listings().get("items")).hasSize(5);
        assertThat(meters.counter("calibrate.amazon.retries").count()).isEqualTo(3);
        assertThat(meters.counter("calibrate.amazon.quota.exceeded", "operation", "searchListingsItems").count())
                .isEqualTo(1);
    }

    @Test
    void whenEveryAttemptFailsTheCallFailsAndHealthSaysSo() {
        seller.failNext(500, 4);

        SpApiException failed = catchThrowableOfType(this::listings, SpApiException.class);

        assertThat(failed.kind()).isEqualTo(SpApiException.Kind.UNAVAILABLE);
        assertThat(spApi.health(access.tenantId()).lastFailure()).contains("InternalFailure");
    }

    @Test
    void repeatedServerErrorsOpenTheCircuitBreakerAndCallsStopReachingAmazon() {
        seller.failNext(500, 5);
        assertThat(catchThrowableOfType(this::listings, SpApiException.class).kind())
                .isEqualTo(SpApiException.Kind.UNAVAILABLE);
        assertThat(catchThrowableOfType(this::listings, SpApiException.class).kind())
                .as("the fifth failure in a row opened the breaker during the second call's retries")
                .isEqualTo(SpApiException.Kind.CIRCUIT_OPEN);
        int sent = AMAZON.requestsOf(seller.sellerId()).size();

        SpApiException paused = catchThrowableOfType(this::listings, SpApiException.class);

        assertThat(sent).isEqualTo(5);
        assertThat(paused.kind()).isEqualTo(SpApiException.Kind.CIRCUIT_OPEN);
        assertThat(AMAZON.requestsOf(seller.sellerId())).hasSize(sent);
        assertThat(spApi.health(access.tenantId()).circuitBreaker()).isEqualTo("OPEN");

        spApi.forget(access.tenantId());

        assertThat(listings().get("items")).hasSize(5);
    }

    @Test
    void aBadRequestIsNotRetried() {
        SpApiException rejected = catchThrowableOfType(() -> spApi.get(access, SpApi.Operation.SEARCH_LISTINGS_ITEMS,
                "/listings/2021-08-01/items/" + seller.sellerId(),
                Map.of("marketplaceIds", List.of(US), "pageSize", List.of("50"))), SpApiException.class);

        assertThat(rejected.kind()).isEqualTo(SpApiException.Kind.REJECTED);
        assertThat(rejected.getMessage()).contains("HTTP 400", "InvalidInput");
        assertThat(meters.counter("calibrate.amazon.retries").count()).isZero();
    }

    private JsonNode listings() {
        return spApi.get(access, SpApi.Operation.SEARCH_LISTINGS_ITEMS, "/listings/2021-08-01/items/" + seller.sellerId(),
                Map.of("marketplaceIds", List.of(US), "includedData", List.of("summaries", "offers"),
                        "pageSize", List.of("20")));
    }
}
