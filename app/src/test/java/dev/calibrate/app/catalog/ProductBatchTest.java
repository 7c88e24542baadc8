package dev.calibrate.app.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/v1/products:batch}: up to 1,000 upserts, each answered on its own. */
class ProductBatchTest extends IntegrationTest {

    private static final String BATCH = "/api/v1/products:batch";

    @Autowired
    EventPositions events;

    private Api.TenantToken acme;

    @BeforeEach
    void tenant() {
        acme = api.newTenant("Batch");
    }

    static Map<String, Object> item(String sku, String amount) {
        return Map.of("sku", sku, "title", "Tee " + sku, "prices", List.of(Map.of("currency", "USD", "amount", amount)));
    }

    @Test
    void aBadItemFailsOnlyItself() {
        List<Object> items = List.of(
                item("B-OK-1", "10.00"),
                item("B-NEG", "-10.00"),
                Map.of("sku", "B-UNKNOWN", "title", "Tee", "colour", "red"),
                item("B-OK-2", "12.50"),
                Map.of("sku", "B-NUMBER", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", 12.5))),
                Map.of("sku", "B-XYZ", "title", "Tee", "prices", List.of(Map.of("currency", "XYZ", "amount", "1.00"))),
                item("B-DECIMALS", "10.001"),
                42);

        Api.Response response = api.post(BATCH, acme.token(), Map.of("items", items));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("succeeded").asInt()).isEqualTo(2);
        assertThat(body.get("failed").asInt()).isEqualTo(6);
        JsonNode results = body.get("results");
        assertThat(results).extracting(r -> r.get("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(results).extracting(r -> r.get("status").asInt()).containsExactly(201, 400, 400, 201, 400, 400, 400, 400);
        assertThat(results).extracting(r -> r.path("sku").asText("-"))
                .containsExactly("B-OK-1", "B-NEG", "B-UNKNOWN", "B-OK-2", "B-NUMBER", "B-XYZ", "B-DECIMALS", "-");
        assertThat(errorFields(results.get(1))).containsExactly("prices[0].amount");
        assertThat(errorFields(results.get(2))).containsExactly("colour");
        assertThat(errorFields(results.get(4))).containsExactly("prices[0].amount");
        assertThat(errorFields(results.get(5))).containsExactly("prices[0].currency");
        assertThat(errorFields(results.get(6))).containsExactly("prices[0].amount");
        assertThat(errorFields(results.get(7))).containsExactly("(body)");
        assertThat(results.get(0).get("outcome").asText()).isEqualTo("CREATED");
        assertThat(results.get(0).get("id").asText()).isEqualTo(productId("B-OK-1"));

        assertThat(history("B-OK-1").status()).isEqualTo(200);
        assertThat(history("B-OK-2").status()).isEqualTo(200);
        for (String failed : List.of("B-NEG", "B-UNKNOWN", "B-NUMBER", "B-XYZ", "B-DECIMALS")) {
            assertProblem(history(failed), 404, "not-found");
        }
        Api.Response list = api.get("/api/v1/products", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(response.position()));
        assertThat(list.json().get("items")).extracting(p -> p.get("sku").asText())
                .containsExactly("B-OK-1", "B-OK-2");
    }

    @Test
    void itemsAreUpsertsLikeSingleWrites() {
        Api.Response first = api.post(BATCH, acme.token(), Map.of("items", List.of(item("B-UP", "5.00"))));
        Api.Response again = api.post(BATCH, acme.token(), Map.of("items",
                List.of(item("B-UP", "5.00"), item("B-UP", "6.00"))));

        assertThat(first.json().get("results").get(0).get("outcome").asText()).isEqualTo("CREATED");
        assertThat(again.json().get("results")).extracting(r -> r.get("outcome").asText())
                .containsExactly("UNCHANGED", "UPDATED");
        assertThat(again.json().get("results")).extracting(r -> r.get("status").asInt()).containsExactly(200, 200);
        assertThat(again.position()).isGreaterThan(first.position());
    }

    @Test
    void aThousandItemsAreAccepted() {
        List<Object> items = IntStream.range(0, 1000).mapToObj(i -> (Object) Map.of("sku", "K-" + i, "title", "Item " + i))
                .toList();

        Api.Response response = api.post(BATCH, acme.token(), Map.of("items", items));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("succeeded").asInt()).isEqualTo(1000);
        assertThat(response.json().get("failed").asInt()).isZero();
        assertThat(response.json().get("results")).hasSize(1000);
        Api.Response list = api.get("/api/v1/products?size=1", acme.token(),
                "X-Calibrate-Wait-For", String.valueOf(response.position()));
        assertThat(list.json().get("total").asLong()).isEqualTo(1000);
    }

    @Test
    void moreThanAThousandItemsAre400AndWriteNothing() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(Map.of("sku", "OVER-" + i, "title", "Item " + i));
        }
        long head = events.head();

        assertInvalidField(api.post(BATCH, acme.token(), Map.of("items", items)), "items");

        assertThat(events.head()).isEqualTo(head);
        assertProblem(history("OVER-0"), 404, "not-found");
    }

    @Test
    void anEmptyOrMissingItemListIs400() {
        long head = events.head();

        assertInvalidField(api.post(BATCH, acme.token(), Map.of("items", List.of())), "items");
        assertInvalidField(api.post(BATCH, acme.token(), Map.of()), "items");
        assertInvalidField(api.post(BATCH, acme.token(), Map.of("items", "all of them")), "items");

        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void anUnknownFieldBesideTheItemsIs400() {
        long head = events.head();

        assertInvalidField(api.post(BATCH, acme.token(), Map.of("items", List.of(item("B-DRY", "1.00")), "dryRun", true)),
                "dryRun");

        assertThat(events.head()).isEqualTo(head);
        assertProblem(history("B-DRY"), 404, "not-found");
    }

    @Test
    void malformedJsonAndWrongMediaTypeAreRefusedWhole() {
        long head = events.head();

        assertProblem(api.post(BATCH, acme.token(), "{\"items\": [{\"sku\": \"B-MJ\", "), 400, "malformed-json");
        assertProblem(api.post(BATCH, acme.token(), "{\"items\": []}", "Content-Type", "text/plain"), 415, null);

        assertThat(events.head()).isEqualTo(head);
    }

    @Test
    void aBatchNeedsTheCatalogWriteScope() {
        Api.TenantToken reader = api.token(acme.tenantId(), "catalog:read");
        long head = events.head();

        assertProblem(api.post(BATCH, reader.token(), Map.of("items", List.of(item("B-RO", "1.00")))),
                403, "missing-scope");
        assertProblem(api.post(BATCH, null, Map.of("items", List.of(item("B-RO", "1.00")))), 401, "unauthorized");

        assertThat(events.head()).isEqualTo(head);
    }

    private Api.Response history(String sku) {
        return api.get("/api/v1/products/" + productId(sku) + "/history", acme.token());
    }

    private String productId(String sku) {
        return ProductId.forSku(TenantId.parse(acme.tenantId()), sku).toString();
    }

    private static List<String> errorFields(JsonNode result) {
        List<String> fields = new ArrayList<>();
        result.get("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }
}
