package dev.calibrate.app.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.AmazonFake;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.connectors.amazon.fake.FakeSeller;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.AmazonFake.CA;
import static dev.calibrate.app.support.AmazonFake.US;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Connecting a seller account: the credentials are checked at Login with Amazon, sealed, never answered. */
class AmazonConnectTest extends IntegrationTest {

    static final String CONNECT = "/api/v1/connectors/amazon";

    @Autowired
    Environment env;

    private Sql sql;
    private FakeSeller seller;
    private Api.TenantToken tenant;

    @BeforeEach
    void setUp() {
        sql = Sql.connect(env);
        seller = AmazonFake.newSeller();
        tenant = api.newTenant("Amazon " + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void connectingAnswersTheAccountAndNeverTheSecrets() {
        Api.Response response = AmazonFake.connect(api, tenant, seller, List.of(US, CA));

        JsonNode body = response.json();
        assertThat(body.get("sellerId").asText()).isEqualTo(seller.sellerId());
        assertThat(body.get("region").asText()).isEqualTo("na");
        assertThat(body.get("marketplaceIds")).extracting(JsonNode::asText).containsExactly(US, CA);
        assertThat(body.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(body.get("readOnly").asBoolean()).isTrue();
        assertThat(response.body()).doesNotContain(seller.clientId()).doesNotContain(seller.clientSecret())
                .doesNotContain(seller.refreshToken());
        assertThat(response.header("Location")).isEqualTo("/api/v1/connectors/amazon/status");
    }

    @Test
    void theSecretsAreStoredSealedAndStayOutOfTheEventStore() {
        AmazonFake.connect(api, tenant, seller, List.of(US));

        Map<String, Object> row = sql.query("SELECT client_id, client_secret, refresh_token FROM amazon_connection"
                + " WHERE seller_id = ?", seller.sellerId()).get(0);
        assertThat(text(row.get("client_id"))).doesNotContain(seller.clientId());
        assertThat(text(row.get("client_secret"))).doesNotContain(seller.clientSecret());
        assertThat(text(row.get("refresh_token"))).doesNotContain(seller.refreshToken());
        for (String secret : List.of(seller.clientId(), seller.clientSecret(), seller.refreshToken())) {
            assertThat(sql.count("SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') LIKE ?",
                    "%" + secret + "%")).as("events holding a secret").isZero();
        }
        assertThat(sql.count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ChannelConnected'"
                + " AND convert_from(payload, 'UTF8') LIKE ? AND convert_from(payload, 'UTF8') LIKE '%amazon%'"
                + " AND convert_from(payload, 'UTF8') LIKE '%USD%'", "%" + seller.sellerId() + "%")).isEqualTo(1);
    }

    @Test
    void badBodiesAreRefusedNamingTheFieldBeforeAskingAmazon() {
        int before = seller.tokenRequests();

        assertInvalidField(connect(with("region", "us")), "region");
        assertInvalidField(connect(with("sellerId", " ")), "sellerId");
        assertInvalidField(connect(with("sellerId", "a/../b")), "sellerId");
        assertInvalidField(connect(with("marketplaceIds", List.of())), "marketplaceIds");
        JsonNode ukInNa = assertInvalidField(connect(with("marketplaceIds", List.of(US, "A1F83G8C2ARO7P"))),
                "marketplaceIds[1]");
        assertThat(ukInNa.path("detail").asText() + ukInNa.path("errors")).contains("A1F83G8C2ARO7P");
        assertInvalidField(connect(with("refreshToken", "")), "refreshToken");
        assertInvalidField(connect(with("marketplaceIds", List.of(US, " " + US))), "marketplaceIds[1]");
        assertInvalidField(connect(with("marketplaceIds", List.of(1))), "marketplaceIds[0]");
        assertInvalidField(connect(with("region", 1)), "region");
        Map<String, Object> noSecret = AmazonFake.connectBody(seller, List.of(US));
        noSecret.remove("clientSecret");
        assertInvalidField(connect(noSecret), "clientSecret");
        assertInvalidField(connect(with("extra", 1)), "extra");
        assertInvalidField(api.post(CONNECT, tenant.token(), List.of(seller.sellerId())), "(body)");
        assertThat(seller.tokenRequests()).isEqualTo(before);
        assertThat(sql.query("SELECT 1 FROM amazon_connection WHERE seller_id = ?", seller.sellerId())).isEmpty();
    }

    @Test
    void surroundingSpacesAreTrimmedAsBefore() {
        Map<String, Object> body = AmazonFake.connectBody(seller, List.of(US));
        body.put("sellerId", " " + seller.sellerId() + " ");
        body.put("region", " na ");
        body.put("marketplaceIds", List.of(" " + US + " "));

        Api.Response response = connect(body);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("sellerId").asText()).isEqualTo(seller.sellerId());
        assertThat(response.json().get("marketplaceIds")).extracting(JsonNode::asText).containsExactly(US);
    }

    @Test
    void aRefreshTokenLwaRefusesIsABadRefreshTokenInLwasWords() {
        Api.Response response = connect(with("refreshToken", "Atzr|revoked"));

        JsonNode problem = assertInvalidField(response, "refreshToken");
        assertThat(response.body()).contains("invalid_grant")
                .contains("The request has an invalid grant parameter : refresh_token")
                .doesNotContain("Atzr|revoked").doesNotContain(seller.clientSecret());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(sql.query("SELECT 1 FROM amazon_connection WHERE seller_id = ?", seller.sellerId())).isEmpty();
    }

    @Test
    void appCredentialsLwaRefusesAreABadClient() {
        Api.Response response = connect(with("clientSecret", "not-the-secret"));

        assertInvalidField(response, "clientId");
        assertThat(response.body()).contains("invalid_client").doesNotContain("not-the-secret");
    }

    @Test
    void lwaUnreachableIsABadGatewayAndStoresNothing() {
        AmazonFake.server().lwaUnavailableNext(3);

        assertProblem(connect(AmazonFake.connectBody(seller, List.of(US))), 502, null);
        assertThat(sql.query("SELECT 1 FROM amazon_connection WHERE seller_id = ?", seller.sellerId())).isEmpty();
        assertThat(sql.count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ChannelConnected'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", "%" + seller.sellerId() + "%")).isZero();
    }

    @Test
    void aSellerAccountBelongsToOneTenant() {
        AmazonFake.connect(api, tenant, seller, List.of(US));
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());

        Api.Response response = connect(other, AmazonFake.connectBody(seller, List.of(US)));

        assertProblem(response, 409, null);
        assertThat(response.json().get("detail").asText()).contains("another Calibrate tenant");
    }

    @Test
    void anotherTenantNeitherSeesNorDisconnectsIt() {
        AmazonFake.connect(api, tenant, seller, List.of(US));
        Api.TenantToken other = api.newTenant("Other " + UUID.randomUUID());

        assertProblem(api.get("/api/v1/connectors/amazon/status", other.token()), 404, null);
        assertProblem(api.delete(CONNECT, other.token()), 404, null);
        assertThat(api.get("/api/v1/connectors/amazon/status", tenant.token()).status()).isEqualTo(200);
    }

    @Test
    void connectingNeedsTheConnectorsAdminScope() {
        Api.TenantToken reader = api.token(tenant.tenantId(), "catalog:read", "catalog:write");

        assertProblem(connect(reader, AmazonFake.connectBody(seller, List.of(US))), 403, null);
        assertProblem(api.delete(CONNECT, reader.token()), 403, null);
        assertProblem(api.post("/api/v1/connectors/amazon/sync", api.token(tenant.tenantId(), "catalog:read").token(),
                null), 403, null);
        assertProblem(api.get("/api/v1/connectors/amazon/status", api.token(tenant.tenantId(), "prices:write").token()),
                403, null);
    }

    @Test
    void disconnectingRemovesTheSecretsAndRecordsIt() {
        AmazonFake.connect(api, tenant, seller, List.of(US));

        Api.Response response = api.delete(CONNECT, tenant.token());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(sql.query("SELECT 1 FROM amazon_connection WHERE seller_id = ?", seller.sellerId())).isEmpty();
        assertThat(sql.count("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%ChannelDisconnected'"
                + " AND convert_from(payload, 'UTF8') LIKE ?", "%" + seller.sellerId() + "%")).isEqualTo(1);
        assertProblem(api.delete(CONNECT, tenant.token()), 404, null);
        assertProblem(api.post("/api/v1/connectors/amazon/sync", tenant.token(), null), 404, null);
    }

    private Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = AmazonFake.connectBody(seller, List.of(US));
        body.put(field, value);
        return body;
    }

    private Api.Response connect(Map<String, Object> body) {
        return connect(tenant, body);
    }

    private Api.Response connect(Api.TenantToken as, Map<String, Object> body) {
        return api.post(CONNECT, as.token(), body);
    }

    private static String text(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.ISO_8859_1);
    }
}
