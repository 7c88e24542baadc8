package dev.calibrate.app.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A tenant's products and prices written as events at past instants, and its rule simulated and read back. */
final class SimulationSteps {

    private final Api api;
    private final StoredEvents events;
    final Api.TenantToken tenant;
    final TenantId tenantId;
    String ruleId;

    SimulationSteps(Api api, StoredEvents events, Api.TenantToken tenant) {
        this.api = api;
        this.events = events;
        this.tenant = tenant;
        this.tenantId = TenantId.parse(tenant.tenantId());
    }

    /** A rule lowering the price of every product tagged {@code tag} by {@code percent} (negative) in USD. */
    void rule(String tag, int percent) {
        rule(Map.of("field", "tags", "op", "contains", "value", tag), percent);
    }

    /** A rule lowering the price of every product {@code selector} selects by {@code percent} (negative) in USD. */
    void rule(Map<String, Object> selector, int percent) {
        Api.Response created = api.post("/api/v1/rules", tenant.token(), Map.of("name", "Lower " + selector, "rule",
                Map.of("selector", selector,
                        "transform", List.of(Map.of("op", "percent", "value", percent)), "currency", "USD")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ruleId = created.json().get("id").asText();
    }

    ProductId product(String sku, ProductDetails details, Instant createdAt) {
        ProductId product = ProductId.forSku(tenantId, sku);
        append(product, createdAt, new ProductCreated(product, tenantId, sku, details, true));
        return product;
    }

    static ProductDetails details(String tag, String cost) {
        return new ProductDetails("Item", "Acme", null, List.of(tag),
                cost == null ? null : new Money(new BigDecimal(cost), "USD"), Map.of());
    }

    void observed(ProductId product, Instant at, String usd) {
        append(product, at, new ProductPriceObserved(product, tenantId, new Money(new BigDecimal(usd), "USD"), null,
                "api"));
    }

    void append(ProductId product, Instant at, Object event) {
        events.appendAt("Product", product.toString(), tenant.tenantId(), tenant.tokenId(), at, event);
    }

    void tenantEvent(Instant at, Object event) {
        events.appendAt("Tenant", tenant.tenantId(), tenant.tenantId(), tenant.tokenId(), at, event);
    }

    JsonNode simulate(LocalDate from, LocalDate to) {
        Api.Response started = api.post("/api/v1/rules/" + ruleId + "/simulate", tenant.token(),
                Map.of("from", from.toString(), "to", to.toString()));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return finished(started.json());
    }

    JsonNode finished(JsonNode started) {
        String path = "/api/v1/rules/" + ruleId + "/simulations/" + started.get("id").asText();
        JsonNode[] view = new JsonNode[1];
        await("the simulation ends").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Response read = api.get(path, tenant.token());
            assertThat(read.status()).as(read.body()).isEqualTo(200);
            view[0] = read.json();
            return !view[0].get("state").asText().equals("RUNNING");
        });
        return view[0];
    }

    /** The day's stored items, each as "SKU then -> proposed STATUS [reasons]". */
    List<String> items(JsonNode simulation, LocalDate day) {
        Api.Response page = api.get("/api/v1/rules/" + ruleId + "/simulations/" + simulation.get("id").asText()
                + "/days/" + day + "/items", tenant.token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return StreamSupport.stream(page.json().get("items").spliterator(), false)
                .map(i -> i.get("sku").asText() + " " + i.at("/priceThen/amount").asText() + " -> "
                        + i.at("/proposedPrice/amount").asText() + " " + i.get("status").asText() + " "
                        + StreamSupport.stream(i.get("reasons").spliterator(), false).map(JsonNode::asText).toList())
                .toList();
    }
}
