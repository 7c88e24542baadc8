package dev.calibrate.command.competitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.competitor.CompetitorApi.CompetitorObservationResult;
import dev.calibrate.kernel.competitor.CompetitorMessages.Observation;
import dev.calibrate.kernel.competitor.CompetitorMessages.ProductRef;
import dev.calibrate.kernel.competitor.CompetitorMessages.RejectedObservation;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks the items of an observation batch one by one, so one bad item never fails the others:
 * first their shape ({@link #parse}), then, with the products looked up for all of them at once,
 * whether they name a product of the tenant ({@link #resolve}).
 */
final class ObservationItems {

    /** A competitor's clock (or ours) may run a little ahead; more than this is a timestamp from the future. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final int MAX_URL_LENGTH = 2048;
    private static final Set<String> FIELDS = Set.of("sku", "productId", "price", "currency", "observedAt", "url", "inStock");

    /** One item after the shape checks: either its parts, or what is wrong with it. */
    record Parsed(int index, String sku, ProductId productId, Money price, Instant observedAt, String url,
                  boolean inStock, List<Violation> violations) {
        boolean valid() {
            return violations.isEmpty();
        }
    }

    /** Accepted observations and rejected items, both in index order, and each item's answer. */
    record Outcome(List<Observation> accepted, List<RejectedObservation> rejected,
                   List<CompetitorObservationResult> answers) {
    }

    private ObservationItems() {
    }

    static Parsed parse(int index, JsonNode item, Instant now) {
        List<Violation> violations = new ArrayList<>();
        if (!item.isObject()) {
            return new Parsed(index, null, null, null, null, null, true,
                    List.of(new Violation("(item)", "must be an object")));
        }
        item.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) violations.add(new Violation(name, "is not a known field"));
        });
        String sku = null;
        ProductId productId = null;
        boolean hasSku = item.hasNonNull("sku");
        boolean hasId = item.hasNonNull("productId");
        if (hasSku == hasId) {
            violations.add(new Violation("sku", hasSku ? "give either sku or productId, not both"
                    : "give sku or productId"));
        } else if (hasSku) {
            JsonNode node = item.get("sku");
            if (!node.isTextual() || node.asText().isBlank()) {
                violations.add(new Violation("sku", "must be a non-blank string"));
            } else {
                sku = node.asText().trim();
            }
        } else {
            try {
                productId = new ProductId(UUID.fromString(item.get("productId").asText()));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("productId", "must be a product id (UUID)"));
            }
        }
        Money price = price(item, violations);
        Instant observedAt = observedAt(item, now, violations);
        String url = url(item, violations);
        boolean inStock = true;
        if (item.has("inStock")) {
            if (item.get("inStock").isBoolean()) {
                inStock = item.get("inStock").booleanValue();
            } else {
                violations.add(new Violation("inStock", "must be true or false"));
            }
        }
        return new Parsed(index, sku, productId, price, observedAt, url, inStock, List.copyOf(violations));
    }

    /**
     * Accepts the well-formed items that name a known product ({@code known} holds the tenant's
     * products among those the items name), rejects the rest, and answers every item.
     */
    static Outcome resolve(List<Parsed> items, List<ProductRef> known) {
        Map<ProductId, ProductRef> byId = known.stream().collect(Collectors.toMap(ProductRef::productId, Function.identity()));
        Map<String, ProductRef> bySku = known.stream().collect(Collectors.toMap(ProductRef::sku, Function.identity()));
        List<Observation> accepted = new ArrayList<>();
        List<RejectedObservation> rejected = new ArrayList<>();
        List<CompetitorObservationResult> answers = new ArrayList<>();
        for (Parsed item : items) {
            List<Violation> violations = new ArrayList<>(item.violations());
            ProductRef product = null;
            // only well-formed items were looked up: a malformed one is not also called unknown
            if (item.valid() && item.sku() != null) {
                product = bySku.get(item.sku());
                if (product == null) violations.add(new Violation("sku", "unknown SKU \"" + item.sku() + "\""));
            } else if (item.valid()) {
                product = byId.get(item.productId());
                if (product == null) violations.add(new Violation("productId", "unknown product " + item.productId()));
            }
            if (violations.isEmpty()) {
                accepted.add(new Observation(item.index(), product.productId(), product.sku(), item.price(),
                        item.observedAt(), item.url(), item.inStock()));
                answers.add(CompetitorObservationResult.accepted(item.index(), product.productId().toString(),
                        product.sku()));
            } else {
                violations.forEach(v -> rejected.add(new RejectedObservation(item.index(), v.field(), v.message())));
                answers.add(CompetitorObservationResult.rejected(item.index(), violations));
            }
        }
        return new Outcome(accepted, rejected, answers);
    }

    private static Money price(JsonNode item, List<Violation> violations) {
        JsonNode currency = item.get("currency");
        if (currency == null || !currency.isTextual()) {
            violations.add(new Violation("currency", "is required: an ISO-4217 code such as \"USD\""));
            return null;
        }
        try {
            Money.minorUnits(currency.asText());
        } catch (InvalidInput e) {
            violations.add(new Violation("currency", e.reason()));
            return null;
        }
        JsonNode amount = item.get("price");
        if (amount == null || !amount.isTextual()) {
            violations.add(new Violation("price", "is required: a decimal string such as \"21.60\""));
            return null;
        }
        try {
            Money price = Money.parse(amount.asText(), currency.asText(), "price");
            if (price.amount().signum() <= 0) {
                violations.add(new Violation("price", "must be more than zero"));
                return null;
            }
            return price;
        } catch (InvalidInput e) {
            violations.add(new Violation("price", e.reason()));
            return null;
        }
    }

    private static Instant observedAt(JsonNode item, Instant now, List<Violation> violations) {
        JsonNode node = item.get("observedAt");
        if (node == null || !node.isTextual()) {
            violations.add(new Violation("observedAt", "is required: a timestamp such as \"2026-11-26T09:30:00Z\""));
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation("observedAt", "must be a timestamp with an offset such as "
                    + "\"2026-11-26T09:30:00Z\", got \"" + node.asText() + "\""));
            return null;
        }
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            violations.add(new Violation("observedAt", "is in the future (" + at + " is more than "
                    + CLOCK_SKEW.toMinutes() + " minutes after " + now + ")"));
            return null;
        }
        return at;
    }

    private static String url(JsonNode item, List<Violation> violations) {
        JsonNode node = item.get("url");
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isTextual() ? node.asText() : "";
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (text.length() <= MAX_URL_LENGTH && (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        violations.add(new Violation("url", "must be an absolute http(s) URL of at most " + MAX_URL_LENGTH + " characters"));
        return null;
    }
}
