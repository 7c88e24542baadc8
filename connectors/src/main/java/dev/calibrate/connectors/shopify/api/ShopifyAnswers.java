package dev.calibrate.connectors.shopify.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.ShopifyMetrics;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

/**
 * What an answer of the Admin GraphQL API means, for {@link ShopifyGraphQl} to act on: its data, or the
 * failure it is (a refused token, an unknown shop, a throttled or too costly call, a 5xx, a rejected
 * document), and the cost bucket it reported. Learns each call's requested cost for the pacing of the next
 * ({@link CallCosts}) and counts the actual cost.
 */
final class ShopifyAnswers {

    /** An answer's body and the throttle status it reported; {@code failure} when it is not a success. */
    record Answer(JsonNode body, ThrottleStatus throttle, ShopifyException failure) {
        JsonNode dataOrThrow() {
            if (failure != null) {
                throw failure;
            }
            return body.get("data");
        }
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final CallCosts costs;
    private final ShopifyMetrics metrics;

    ShopifyAnswers(ObjectMapper json, Clock clock, CallCosts costs, ShopifyMetrics metrics) {
        this.json = json;
        this.clock = clock;
        this.costs = costs;
        this.metrics = metrics;
    }

    /** What Shopify's answer to call {@code name} for {@code shop} says: its body and throttle, or why it failed. */
    Answer interpret(String shop, String name, Map<String, ?> variables, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return failed(ShopifyException.Kind.UNAUTHORIZED, "Shopify refused the access token for " + shop
                    + " (HTTP " + status + ")");
        }
        if (status == 404) {
            return failed(ShopifyException.Kind.NOT_FOUND, "no Shopify Admin API answers for " + shop + " (HTTP 404)");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return failed(ShopifyException.Kind.UNAVAILABLE, "Shopify answered HTTP " + status + " without a JSON body");
        }
        JsonNode cost = body.path("extensions").get("cost");
        ThrottleStatus throttle = ThrottleStatus.from(cost, clock.instant());
        if (cost != null && cost.hasNonNull("requestedQueryCost")) {
            costs.requested(name, variables, cost.get("requestedQueryCost").asDouble());
        }
        if (cost != null && cost.hasNonNull("actualQueryCost")) {
            metrics.cost(cost.get("actualQueryCost").asDouble());
        }
        JsonNode errors = body.get("errors");
        if (status == 429 || isThrottled(errors)) {
            double requested = cost == null ? CallCosts.FIRST_CALL_GUESS
                    : cost.path("requestedQueryCost").asDouble(CallCosts.FIRST_CALL_GUESS);
            if (throttle != null && throttle.maximumAvailable() > 0 && requested > throttle.maximumAvailable()) {
                // a retry would wait for a bucket that never gets this full: the caller must ask for less
                return new Answer(body, throttle, ShopifyException.exceedsBucket(shop, requested, throttle.maximumAvailable()));
            }
            double wait = throttle == null || throttle.restoreRate() <= 0 ? 1
                    : Math.max(0, requested - throttle.currentlyAvailable()) / throttle.restoreRate();
            return new Answer(body, throttle, new ShopifyException(ShopifyException.Kind.THROTTLED,
                    "Shopify throttled the call (asked " + requested + " points)", wait, null));
        }
        if (status >= 500) {
            return new Answer(body, throttle, new ShopifyException(ShopifyException.Kind.UNAVAILABLE,
                    "Shopify answered HTTP " + status));
        }
        if (status >= 400 || (errors != null && !body.hasNonNull("data"))) {
            return new Answer(body, throttle, new ShopifyException(ShopifyException.Kind.REJECTED,
                    "Shopify rejected the call (HTTP " + status + "): " + describe(errors)));
        }
        return new Answer(body, throttle, null);
    }

    private static Answer failed(ShopifyException.Kind kind, String message) {
        return new Answer(null, null, new ShopifyException(kind, message));
    }

    private static boolean isThrottled(JsonNode errors) {
        if (errors == null || !errors.isArray()) {
            return false;
        }
        for (JsonNode error : errors) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode errors) {
        if (errors == null) {
            return "no detail";
        }
        if (errors.isTextual()) {
            return errors.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(error.path("message").asText(error.toString()));
        }
        return text.toString();
    }
}
