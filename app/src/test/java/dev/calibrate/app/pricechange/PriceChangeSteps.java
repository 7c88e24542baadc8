package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.kernel.message.EventPositions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The steps of the price change tests, spoken in HTTP. */
public final class PriceChangeSteps {

    /** 15% off summer products, charm to .99, never under 20% margin; a decrease keeps the old price as compare-at. */
    public static final Map<String, Object> SUMMER_SALE = Map.of(
            "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "summer"))),
            "transform", List.of(Map.of("op", "percent", "value", -15),
                    Map.of("op", "round", "mode", "charm", "ending", "0.99"),
                    Map.of("op", "min_margin", "percent", 20)),
            "currency", "USD",
            "compareAt", "set_to_current");

    private final Api api;

    public PriceChangeSteps(Api api) {
        this.api = api;
    }

    public static Map<String, Object> product(String sku, String price, String cost, String... tags) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("title", "Product " + sku);
        product.put("vendor", "Acme");
        product.put("tags", List.of(tags));
        if (cost != null) product.put("cost", Map.of("amount", cost, "currency", "USD"));
        product.put("prices", List.of(Map.of("currency", "USD", "amount", price)));
        return product;
    }

    /** Writes the products and waits until the catalog read model (which previews read) shows them. */
    public void catalog(String token, List<Map<String, Object>> products) {
        for (int from = 0; from < products.size(); from += 1000) {
            Api.Response written = api.post("/api/v1/products:batch", token,
                    Map.of("items", products.subList(from, Math.min(products.size(), from + 1000))));
            assertThat(written.status()).as(written.body()).isEqualTo(200);
            awaitCatalog(token, written.position());
        }
    }

    public void awaitCatalog(String token, long position) {
        assertThat(api.get("/api/v1/products?size=1", token, "X-Calibrate-Wait-For", Long.toString(position)).status())
                .isEqualTo(200);
    }

    public String draft(String token, String name, Map<String, Object> rule, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("name", name);
        body.put("rule", rule);
        Api.Response drafted = api.post("/api/v1/price-changes", token, body);
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
        return drafted.json().get("id").asText();
    }

    public JsonNode preview(String token, String id) {
        return preview(token, id, null);
    }

    /** The preview once the node's catalog has reached event position {@code waitFor} (null: at once). */
    public JsonNode preview(String token, String id, Long waitFor) {
        Api.Response preview = waitFor == null ? api.post("/api/v1/price-changes/" + id + "/preview", token, null)
                : api.post("/api/v1/price-changes/" + id + "/preview", token, null, EventPositions.WAIT_HEADER,
                Long.toString(waitFor));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        return preview.json();
    }

    public Api.Response action(String token, String id, String action, Object body) {
        return api.post("/api/v1/price-changes/" + id + "/" + action, token, body);
    }

    /** Draft, preview, submit (author) and approve (approver): the change is APPROVED. */
    public String approved(String author, String approver, String name, Map<String, Object> rule, Map<String, Object> extra) {
        return approved(author, approver, name, rule, extra, null);
    }

    /** As above, previewed once the node's catalog has reached event position {@code waitFor}. */
    public String approved(String author, String approver, String name, Map<String, Object> rule,
                           Map<String, Object> extra, Long waitFor) {
        String id = draft(author, name, rule, extra);
        String hash = preview(author, id, waitFor).get("previewHash").asText();
        assertThat(action(author, id, "submit", null).status()).isEqualTo(200);
        Api.Response approved = action(approver, id, "approve", Map.of("previewHash", hash));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return id;
    }

    /** Every item of the change, following the pages. */
    public List<JsonNode> items(String token, String id) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = api.get("/api/v1/price-changes/" + id + "/items?size=500&page=" + page, token).json();
            body.get("items").forEach(items::add);
            if (items.size() >= body.get("total").asLong()) return items;
        }
    }

    /** Waits until no item of the run is left to do. */
    public void awaitRun(String token, String id, String... pendingOutcomes) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (String outcome : pendingOutcomes) {
                JsonNode body = api.get("/api/v1/price-changes/" + id + "/items?size=1&outcome=" + outcome, token).json();
                assertThat(body.get("total").asLong()).as(outcome).isZero();
            }
        });
    }

    public void awaitApplied(String token, String id) {
        awaitRun(token, id, "PENDING");
        awaitEvent(token, id, "PriceChangeApplied");
    }

    public void awaitRolledBack(String token, String id) {
        awaitRun(token, id, "APPLIED");
        awaitEvent(token, id, "PriceChangeRolledBack");
    }

    /** Waits for the change's event in the audit log (whose projection follows the event store). */
    public JsonNode awaitEvent(String token, String id, String type) {
        JsonNode[] found = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode audit = api.get("/api/v1/audit?entityType=price-change&entityId=" + id + "&size=100", token).json();
            found[0] = null;
            audit.get("items").forEach(entry -> {
                if (entry.get("action").asText().equals(type)) found[0] = entry;
            });
            assertThat(found[0]).as(type).isNotNull();
        });
        return found[0];
    }

    /** The change as the read model shows it once it has caught up with the change's last event. */
    public JsonNode view(String token, String id, String state) {
        JsonNode[] view = {null};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            view[0] = api.get("/api/v1/price-changes/" + id, token).json();
            assertThat(view[0].path("state").asText()).isEqualTo(state);
        });
        return view[0];
    }

    /** The product's current USD price in the event store's history (the read model can lag behind). */
    public String priceOf(String token, String productId) {
        JsonNode events = api.get("/api/v1/products/" + productId + "/history", token).json().get("events");
        String price = null;
        for (JsonNode event : events) {
            JsonNode payload = event.get("payload");
            if (event.get("type").asText().equals("ProductPriceObserved")) price = payload.get("price").get("amount").asText();
            if (event.get("type").asText().equals("ProductPriceChanged")) price = payload.get("newPrice").get("amount").asText();
        }
        return price;
    }
}
