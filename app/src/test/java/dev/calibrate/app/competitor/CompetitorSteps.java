package dev.calibrate.app.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps of the competitor tests, spoken in HTTP. */
public final class CompetitorSteps {

    private final Api api;

    public CompetitorSteps(Api api) {
        this.api = api;
    }

    /** Registers the competitor; answers its id. */
    public String register(String token, String name, String domain) {
        Api.Response registered = api.post("/api/v1/competitors", token, Map.of("name", name, "domain", domain));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("id").asText();
    }

    /** Posts the batch (every item must be accepted); answers the write's event-store position. */
    public long observe(String token, String competitorId, List<Map<String, Object>> observations) {
        Api.Response answer = post(token, competitorId, observations);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("rejected").asInt()).as(answer.body()).isZero();
        return answer.position();
    }

    Api.Response post(String token, String competitorId, List<Map<String, Object>> observations) {
        return api.post("/api/v1/competitors/" + competitorId + "/observations", token,
                Map.of("observations", observations));
    }

    /** Reads {@code path} once the read models have reached {@code position}. */
    JsonNode read(String token, String path, long position) {
        Api.Response read = api.get(path, token, "X-Calibrate-Wait-For", Long.toString(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        return read.json();
    }

    public static Map<String, Object> seen(String sku, String price, Instant observedAt) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", sku);
        item.put("price", price);
        item.put("currency", "USD");
        item.put("observedAt", observedAt.toString());
        return item;
    }

    static Map<String, Object> with(Map<String, Object> item, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(item);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }
}
