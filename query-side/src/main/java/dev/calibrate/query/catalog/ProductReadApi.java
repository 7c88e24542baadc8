package dev.calibrate.query.catalog;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.lang.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the catalog reads answer: products as the catalog read model holds them, money as decimal strings. */
public final class ProductReadApi {

    private ProductReadApi() {
    }

    /** A page of products in SKU order, each with its current prices. */
    public record ProductPage(
            List<ProductSummary> items, int page, int size,
            @Schema(description = "How many products match: exact when totalExact is true; a search (q) counts "
                    + "no further than 10,000, and then says 10000 with totalExact false.")
            long total,
            @Schema(description = "false when total stopped counting at 10,000: more products match.")
            boolean totalExact) {
    }

    /** A product with its current price per currency. */
    public record ProductSummary(
            UUID id, String sku, String title, @Nullable String vendor, @Nullable String productType,
            List<String> tags, @Nullable ProductCost cost, boolean active,
            @Schema(description = "Per channel, the product's ids there (e.g. shopify: {productId, variantId}).")
            Map<String, Map<String, String>> channelRefs,
            List<ProductPrice> prices, long version, Instant createdAt, Instant updatedAt) {

        ProductSummary withPrices(List<ProductPrice> current) {
            return new ProductSummary(id, sku, title, vendor, productType, tags, cost, active, channelRefs, current,
                    version, createdAt, updatedAt);
        }
    }

    /** A product with its current prices and the newest prices it has had in each currency. */
    public record ProductDetail(
            UUID id, String sku, String title, @Nullable String vendor, @Nullable String productType,
            List<String> tags, @Nullable ProductCost cost, boolean active,
            @Schema(description = "Per channel, the product's ids there (e.g. shopify: {productId, variantId}).")
            Map<String, Map<String, String>> channelRefs,
            List<ProductPrice> prices, long version, Instant createdAt, Instant updatedAt,
            @Schema(description = "By currency, oldest first: the newest " + ProductQueries.HISTORY_PER_CURRENCY
                    + " prices the product had in each currency.")
            List<ProductPriceHistoryEntry> priceHistory,
            @Schema(description = "The currencies whose older prices priceHistory leaves out, in order; empty when it "
                    + "holds every price. GraphQL's Product.priceHistory pages through all of them.", example = "[\"USD\"]")
            List<String> priceHistoryTruncated,
            @Schema(description = "The brand price floors per currency, by currency (docs/pricing-rules.md#brand-floors-map-pmap-lrp); "
                    + "empty when it has none.")
            List<ProductBrandFloors> brandFloors) {

        static ProductDetail of(ProductSummary product, List<ProductPriceHistoryEntry> history, List<String> truncated,
                                List<ProductBrandFloors> brandFloors) {
            return new ProductDetail(product.id(), product.sku(), product.title(), product.vendor(),
                    product.productType(), product.tags(), product.cost(), product.active(), product.channelRefs(),
                    product.prices(), product.version(), product.createdAt(), product.updatedAt(), history, truncated,
                    brandFloors);
        }
    }

    /**
     * The product's brand floors in one currency: MAP, a promotional MAP in force over {@code [pmapFrom,
     * pmapUntil)}, LRP, each at the currency's scale or null. Which holds at an instant: the LRP, else a PMAP
     * whose window holds it, else the MAP.
     */
    public record ProductBrandFloors(@Schema(example = "USD") String currency,
                                     @Nullable @Schema(example = "19.99") String map,
                                     @Nullable @Schema(example = "17.99") String pmap,
                                     @Nullable Instant pmapFrom, @Nullable Instant pmapUntil,
                                     @Nullable @Schema(example = "21.00") String lrp) {

        static ProductBrandFloors of(BrandFloors floors) {
            return new ProductBrandFloors(floors.currency(), text(floors.map()), text(floors.pmap()),
                    floors.pmapFrom(), floors.pmapUntil(), text(floors.lrp()));
        }

        private static String text(Money amount) {
            return amount == null ? null : amount.amount().toPlainString();
        }
    }

    /** What the product costs us, at the currency's scale. */
    public record ProductCost(@Schema(example = "12.40") String amount, @Schema(example = "USD") String currency) {
    }

    /** The price in one currency now, where it came from (a price change, an import, a channel) and since when. */
    public record ProductPrice(@Schema(example = "USD") String currency, @Schema(example = "19.99") String amount,
                               @Nullable String compareAt, String source, Instant since) {
    }

    /** A price the product had in one currency and the interval it held; the current one has no validTo. */
    public record ProductPriceHistoryEntry(String currency, String amount, @Nullable String compareAt, String source,
                                           Instant validFrom, @Nullable Instant validTo) {
    }
}
