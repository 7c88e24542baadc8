package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README quickstart as a test: tenant, token, products, read back, audit. */
class CatalogQuickstartTest extends IntegrationTest {

    static Map<String, Object> tee(String sku, String price) {
        return Map.of("sku", sku, "title", "Summer tee " + sku, "vendor", "Acme", "tags", List.of("summer", "tee"),
                "cost", Map.of("amount", "8.00", "currency", "USD"),
                "prices", List.of(Map.of("currency", "USD", "amount", price, "compareAt", "25.00")));
    }

    @Test
    void upsertsReadsBackAndAudits() {
        Api.TenantToken acme = api.newTenant("Acme");

        Api.Response created = api.post("/api/v1/products", acme.token(), tee("TS-1", "21.6"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("outcome").asText()).isEqualTo("CREATED");
        String id = created.json().get("id").asText();

        Api.Response same = api.post("/api/v1/products", acme.token(), tee("TS-1", "21.60"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.json().get("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(same.json().get("version").asLong()).isEqualTo(created.json().get("version").asLong());

        Api.Response changed = api.post("/api/v1/products", acme.token(), tee("TS-1", "19.99"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("outcome").asText()).isEqualTo("UPDATED");

        Api.Response product = api.get("/api/v1/products/" + id, acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(changed.position()));
        assertThat(product.status()).isEqualTo(200);
        JsonNode body = product.json();
        assertThat(body.get("sku").asText()).isEqualTo("TS-1");
        assertThat(body.get("prices").get(0).get("amount").asText()).isEqualTo("19.99");
        assertThat(body.get("prices").get(0).get("compareAt").asText()).isEqualTo("25.00");
        assertThat(body.get("priceHistory")).hasSize(2);
        assertThat(body.get("priceHistory").get(0).get("amount").asText()).isEqualTo("21.60");
        assertThat(body.get("priceHistory").get(0).get("validTo").isNull()).isFalse();

        Api.Response list = api.get("/api/v1/products?tag=summer&vendor=Acme", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(changed.position()));
        assertThat(list.json().get("total").asLong()).isEqualTo(1);

        Api.Response audit = api.get("/api/v1/audit?entityType=product&entityId=" + id, acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(changed.position()));
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("items")).extracting(i -> i.get("action").asText())
                .containsExactly("ProductPriceObserved", "ProductPriceObserved", "ProductCreated");
        assertThat(audit.json().get("items").get(0).get("actor").asText()).isEqualTo(acme.tokenId());
    }
}
