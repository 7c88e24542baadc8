package dev.calibrate.app.support;

import dev.calibrate.connectors.amazon.fake.FakeAmazon;
import dev.calibrate.connectors.amazon.fake.FakeSeller;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fake Amazon (LWA and SP-API) per test JVM (the app's {@code calibrate.amazon.lwa-url} and
 * {@code spapi-base-url} point at it, see {@link IntegrationTest}); each test makes its own sellers, so
 * tests never see each other's listings.
 */
public final class AmazonFake {

    public static final String US = "ATVPDKIKX0DER";
    public static final String CA = "A2EUQ1WTGCTBG2";

    private static final FakeAmazon SERVER = new FakeAmazon();

    private AmazonFake() {
    }

    public static FakeAmazon server() {
        return SERVER;
    }

    /** A new seller with a unique merchant id and no listings. */
    public static FakeSeller newSeller() {
        return SERVER.addSeller("A" + UUID.randomUUID().toString().replace("-", "").substring(0, 13).toUpperCase());
    }

    /** The body that connects {@code seller} in region na with {@code marketplaceIds}. */
    public static Map<String, Object> connectBody(FakeSeller seller, List<String> marketplaceIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sellerId", seller.sellerId());
        body.put("region", "na");
        body.put("marketplaceIds", marketplaceIds);
        body.put("clientId", seller.clientId());
        body.put("clientSecret", seller.clientSecret());
        body.put("refreshToken", seller.refreshToken());
        return body;
    }

    public static Api.Response connect(Api api, Api.TenantToken tenant, FakeSeller seller, List<String> marketplaceIds) {
        Api.Response response = api.post("/api/v1/connectors/amazon", tenant.token(), connectBody(seller, marketplaceIds));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }
}
