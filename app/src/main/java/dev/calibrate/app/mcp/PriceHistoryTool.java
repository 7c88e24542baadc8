package dev.calibrate.app.mcp;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.catalog.ProductQueries;
import dev.calibrate.query.catalog.ProductReadApi.ProductDetail;
import dev.calibrate.query.catalog.ProductReadApi.ProductPrice;
import dev.calibrate.query.catalog.ProductReadApi.ProductPriceHistoryEntry;
import dev.calibrate.query.catalog.ProductReadController;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code price_history}: the prices a product has had, newest first, from {@code GET /api/v1/products/{id}}
 * (its {@code priceHistory}, the same entries: the newest of each currency), narrowed to a currency and a number
 * of entries.
 */
@Component
class PriceHistoryTool implements ReadOnlyTool {

    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;

    private final ProductReadController products;

    PriceHistoryTool(ProductReadController products) {
        this.products = products;
    }

    /** The product, its current prices and the newest {@code limit} prices it has had (in one currency, if asked). */
    record PriceHistory(UUID productId, String sku, String title, @Nullable String currency,
                        List<ProductPrice> currentPrices, List<ProductPriceHistoryEntry> history,
                        boolean truncated) {
    }

    @Override
    public String name() {
        return "price_history";
    }

    @Override
    public String title() {
        return "A product's price history";
    }

    @Override
    public String description() {
        return "The prices a product has had, newest first: currency, amount, compare-at, where it came from "
                + "(a price change, an import, a channel) and the interval it held (the current one has no "
                + "validTo). The entries of GET /api/v1/products/{id}, its newest " + ProductQueries.HISTORY_PER_CURRENCY
                + " in each currency; truncated is true when more entries exist than answered. A product id the "
                + "tenant does not have answers \"product not found\".";
    }

    @Override
    public String inputSchema() {
        return """
                {"type": "object", "additionalProperties": false, "required": ["productId"],
                 "properties": {
                   "productId": {"type": "string", "format": "uuid", "description": "the product's id"},
                   "currency": {"type": "string", "pattern": "^[A-Z]{3}$",
                                "description": "only prices in this ISO-4217 currency, e.g. USD"},
                   "limit": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d,
                             "description": "entries to answer at most, newest first"}}}
                """.formatted(MAX_LIMIT, DEFAULT_LIMIT);
    }

    @Override
    public Set<Scope> scopes() {
        return Set.of(Scope.CATALOG_READ);
    }

    @Override
    public Object call(Caller caller, Map<String, Object> arguments) {
        ToolArguments args = ToolArguments.of(arguments, Set.of("productId", "currency", "limit"));
        UUID productId = args.requiredUuid("productId");
        String currency = args.text("currency", 3);
        if (currency != null) {
            // the check the REST edge makes of a currency: an ISO-4217 code it knows (InvalidMoney names it)
            Money.minorUnits(currency);
        }
        int limit = args.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);

        ProductDetail product = products.get(productId, null, caller);
        List<ProductPriceHistoryEntry> matching = product.priceHistory().stream()
                .filter(entry -> currency == null || entry.currency().equals(currency))
                .sorted(Comparator.comparing(ProductPriceHistoryEntry::validFrom).reversed()
                        .thenComparing(ProductPriceHistoryEntry::currency))
                .toList();
        List<ProductPrice> current = product.prices().stream()
                .filter(price -> currency == null || price.currency().equals(currency))
                .toList();
        // the product read carries a currency's newest entries only: where it left older ones out, more exist
        boolean cut = currency == null ? !product.priceHistoryTruncated().isEmpty()
                : product.priceHistoryTruncated().contains(currency);
        return new PriceHistory(product.id(), product.sku(), product.title(), currency, current,
                matching.subList(0, Math.min(limit, matching.size())), matching.size() > limit || cut);
    }
}
