package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/** Reading the feed as a consumer does, and making events to read. */
final class FeedSteps {

    private final Api api;

    FeedSteps(Api api) {
        this.api = api;
    }

    /** A tenant with a token for the feed alone, and one for making events. */
    record FeedTenant(Api.TenantToken writer, Api.TenantToken reader) {
        String id() {
            return writer.tenantId();
        }
    }

    /** A new tenant, once the feed serves its first three events (created, and its two tokens issued). */
    FeedTenant tenant(String name) {
        Api.TenantToken writer = api.newTenant(name);
        FeedTenant tenant = new FeedTenant(writer, api.token(writer.tenantId(), "events:read"));
        await(() -> page(tenant, "?limit=3").get("items").size() == 3);
        return tenant;
    }

    /** Creates a product and returns its id once the feed serves its events. */
    String createProduct(FeedTenant tenant, String sku) {
        Api.Response created = createProductNow(tenant, sku);
        served(tenant, created.position());
        return created.json().get("id").asText();
    }

    /** Creates a product; the feed may not serve its events yet. */
    Api.Response createProductNow(FeedTenant tenant, String sku) {
        Api.Response created = api.post("/api/v1/products", tenant.writer().token(), product(sku, "10.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    /**
     * Returns once the feed serves everything of the tenant up to {@code position}: it trails the store by
     * the safe horizon, which passes once the transactions running when a write committed (the read
     * models' own, among others) have ended.
     */
    void served(FeedTenant tenant, long position) {
        await(() -> position(page(tenant, "?limit=1000&after=" + (position - 1)).get("next").asText()) >= position);
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s for the feed").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Creates {@code count} products in one batch: two events each. */
    void createProducts(FeedTenant tenant, String prefix, int count) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(product(prefix + "-" + i, "10.00"));
        }
        Api.Response batch = api.post("/api/v1/products:batch", tenant.writer().token(), Map.of("items", items));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        served(tenant, batch.position());
    }

    /**
     * One page, asked again as a client should when the read timed out (503 with Retry-After, which a loaded
     * machine can give): the guarantees under test are about what the feed serves, not how fast.
     */
    JsonNode page(FeedTenant tenant, String query) {
        Api.Response page = api.get("/api/v1/events" + query, tenant.reader().token());
        for (int retry = 0; retry < 5 && page.status() == 503 && page.body().contains("feed-read-timed-out"); retry++) {
            String after = page.header("Retry-After");
            try {
                Thread.sleep(1_000L * (after == null ? 1 : Math.min(5, Long.parseLong(after.trim()))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            page = api.get("/api/v1/events" + query, tenant.reader().token());
        }
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json();
    }

    /** Every event the feed serves after {@code after}, page by page, {@code limit} at a time. */
    List<JsonNode> all(FeedTenant tenant, String after, int limit, String filters) {
        List<JsonNode> events = new ArrayList<>();
        String next = after;
        while (true) {
            JsonNode page = page(tenant, "?after=" + next + "&limit=" + limit + filters);
            JsonNode items = page.get("items");
            items.forEach(events::add);
            long last = items.isEmpty() ? position(next) : items.get(items.size() - 1).get("position").asLong();
            if (items.size() == limit) {
                assertThat(position(page.get("next").asText())).isEqualTo(last);
            } else {
                assertThat(position(page.get("next").asText())).isGreaterThanOrEqualTo(last);
            }
            // an empty page whose next moved on ended at the scan window, not at the horizon: read on
            if (page.get("items").isEmpty() && page.get("next").asText().equals(next)) {
                return events;
            }
            next = page.get("next").asText();
        }
    }

    /** The position a next (or an after) resumes after: a position, or a cursor's part before its dot. */
    static long position(String cursor) {
        int dot = cursor.indexOf('.');
        return Long.parseLong(dot < 0 ? cursor : cursor.substring(0, dot));
    }

    static List<Long> positions(List<JsonNode> events) {
        return events.stream().map(e -> e.get("position").asLong()).toList();
    }

    static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asText()).toList();
    }
}
