package dev.calibrate.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tenant's resources do not exist for another: every way of reaching them answers exactly as
 * for an id that was never used, and nothing the other tenant does changes them.
 */
class TenantIsolationHttpTest extends IntegrationTest {

    private static final String WAIT = "X-Calibrate-Wait-For";

    @Autowired
    EventPositions events;

    private Api.TenantToken acme;
    private Api.TenantToken globex;
    private String acmeProduct;
    private long written;

    @BeforeEach
    void twoTenantsAndAProduct() {
        acme = api.newTenant("Acme");
        globex = api.newTenant("Globex");
        Api.Response created = api.post("/api/v1/products", acme.token(), Map.of("sku", "SHARED-1",
                "title", "Acme's tee", "prices", List.of(Map.of("currency", "USD", "amount", "20.00"))));
        assertThat(created.status()).isEqualTo(201);
        acmeProduct = created.json().get("id").asText();
        written = created.position();
    }

    @Test
    void anotherTenantsProductReadsAsNotFound() {
        String neverUsed = UUID.randomUUID().toString();

        Api.Response theirs = api.get("/api/v1/products/" + acmeProduct, globex.token(), WAIT, String.valueOf(written));
        Api.Response missing = api.get("/api/v1/products/" + neverUsed, globex.token(), WAIT, String.valueOf(written));

        assertSameNotFound(theirs, acmeProduct, missing, neverUsed);
        assertThat(theirs.body()).doesNotContain("Acme's tee", "SHARED-1");
        assertThat(api.get("/api/v1/products/" + acmeProduct, acme.token()).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantsProductHistoryReadsAsNotFound() {
        String neverUsed = UUID.randomUUID().toString();

        Api.Response theirs = api.get("/api/v1/products/" + acmeProduct + "/history", globex.token());
        Api.Response missing = api.get("/api/v1/products/" + neverUsed + "/history", globex.token());

        assertSameNotFound(theirs, acmeProduct, missing, neverUsed);
        assertThat(theirs.body()).doesNotContain("Acme's tee", "SHARED-1", acme.tenantId());
    }

    @Test
    void anotherTenantCannotDeactivateAProductAndLearnsNothing() {
        String neverUsed = UUID.randomUUID().toString();
        long head = events.head();

        Api.Response theirs = api.delete("/api/v1/products/" + acmeProduct, globex.token());
        Api.Response missing = api.delete("/api/v1/products/" + neverUsed, globex.token());

        assertSameNotFound(theirs, acmeProduct, missing, neverUsed);
        assertThat(events.head()).as("nothing was written").isEqualTo(head);
        Api.Response product = api.get("/api/v1/products/" + acmeProduct, acme.token(), WAIT, String.valueOf(written));
        assertThat(product.json().get("active").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsProductsAreNotListed() {
        Api.Response list = api.get("/api/v1/products?sku=SHARED-1", globex.token(), WAIT, String.valueOf(written));
        Api.Response all = api.get("/api/v1/products?q=tee", globex.token(), WAIT, String.valueOf(written));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isZero();
        assertThat(all.json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/products?sku=SHARED-1", acme.token()).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void anotherTenantsAuditEntriesAreNotListed() {
        Api.Response byEntity = api.get("/api/v1/audit?entityId=" + acmeProduct, globex.token(),
                WAIT, String.valueOf(written));
        Api.Response byActor = api.get("/api/v1/audit?actor=" + acme.tokenId(), globex.token(),
                WAIT, String.valueOf(written));
        Api.Response own = api.get("/api/v1/audit", globex.token(), WAIT, String.valueOf(written));

        assertThat(byEntity.status()).isEqualTo(200);
        assertThat(byEntity.json().get("total").asLong()).isZero();
        assertThat(byActor.json().get("total").asLong()).isZero();
        assertThat(own.json().get("items")).isNotEmpty()
                .allSatisfy(item -> assertThat(item.get("tenantId").asText()).isEqualTo(globex.tenantId()));
        assertThat(api.get("/api/v1/audit?entityId=" + acmeProduct, acme.token()).json().get("total").asLong())
                .isPositive();
    }

    @Test
    void theSameSkuInAnotherTenantIsAnotherProduct() {
        Api.Response theirs = api.post("/api/v1/products", globex.token(), Map.of("sku", "SHARED-1",
                "title", "Globex's tee", "prices", List.of(Map.of("currency", "USD", "amount", "99.00"))));

        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.json().get("outcome").asText()).isEqualTo("CREATED");
        assertThat(theirs.json().get("id").asText()).isNotEqualTo(acmeProduct);
        JsonNode ours = api.get("/api/v1/products/" + acmeProduct, acme.token(),
                WAIT, String.valueOf(theirs.position())).json();
        assertThat(ours.get("title").asText()).isEqualTo("Acme's tee");
        assertThat(ours.get("prices").get(0).get("amount").asText()).isEqualTo("20.00");
    }

    @Test
    void aBatchCannotReachAnotherTenantsProduct() {
        Api.Response batch = api.post("/api/v1/products:batch", globex.token(), Map.of("items",
                List.of(Map.of("sku", "SHARED-1", "title", "Overwrite attempt"))));

        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().get("results").get(0).get("id").asText()).isNotEqualTo(acmeProduct);
        Api.Response ours = api.get("/api/v1/products/" + acmeProduct, acme.token(),
                WAIT, String.valueOf(batch.position()));
        assertThat(ours.json().get("title").asText()).isEqualTo("Acme's tee");
    }

    @Test
    void aTenantsTokenCannotBeRevokedThroughAnotherTenant() {
        long head = events.head();

        Api.Response response = api.delete("/admin/v1/tenants/" + globex.tenantId() + "/tokens/" + acme.tokenId(),
                api.adminToken());

        assertProblem(response, 404, "not-found");
        assertThat(events.head()).isEqualTo(head);
        assertThat(api.get("/api/v1/products", acme.token()).status()).as("the token still works").isEqualTo(200);
    }

    /** Same status, type, title and wording: a caller cannot tell "someone else's" from "nobody's". */
    private static void assertSameNotFound(Api.Response theirs, String theirId, Api.Response missing, String missingId) {
        JsonNode a = assertProblem(theirs, 404, "not-found");
        JsonNode b = assertProblem(missing, 404, "not-found");
        assertThat(a.get("title")).isEqualTo(b.get("title"));
        assertThat(a.get("detail").asText().replace(theirId, "<id>"))
                .isEqualTo(b.get("detail").asText().replace(missingId, "<id>"));
        assertThat(a.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(() -> b.fieldNames());
    }
}
