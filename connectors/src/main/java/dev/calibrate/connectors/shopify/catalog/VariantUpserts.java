package dev.calibrate.connectors.shopify.catalog;

import dev.calibrate.connectors.ingest.ChannelText;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns Shopify variants into one {@link UpsertProduct} each: the SKU is the variant's (a blank one
 * becomes {@code shopify-<variant id>}), details and {@code channelRefs.shopify} come from the
 * variant and its product, the price is observed in the shop's currency with source {@code shopify}.
 * A SKU used by two variants goes to the lower variant id (the older variant), with a warning naming
 * both; a variant that cannot become a valid product is left out with a warning, and control characters
 * (which no request may carry) are dropped from its text, with a warning. Pure: the same
 * variants always give the same upserts, which is what lets a repeated sync change nothing.
 */
public final class VariantUpserts {

    static final String SOURCE = ChannelMessages.SHOPIFY;

    private VariantUpserts() {
    }

    public record Planned(ShopifyVariant variant, UpsertProduct upsert) {
        public ProductId productId() {
            return upsert.productId();
        }
    }

    /**
     * @param unusable the variants left out because they cannot become a valid product (not those that
     *                 lost their SKU to an older variant): they are still in Shopify
     */
    public record Plan(List<Planned> items, List<String> warnings, Set<String> unusable) {
    }

    /**
     * @param costWhenUnknown the cost to keep for a variant whose payload does not say (webhooks carry no
     *                        cost); answers null for "no cost"
     */
    public static Plan plan(TenantId tenantId, String currency, Collection<ShopifyVariant> variants,
                     Function<ProductId, Money> costWhenUnknown) {
        List<String> warnings = new ArrayList<>();
        List<ShopifyVariant> cleaned = new ArrayList<>(variants.size());
        for (ShopifyVariant variant : variants) {
            ChannelText text = new ChannelText();
            ShopifyVariant clean = clean(variant, text);
            text.warning("variant " + clean.gid()).ifPresent(warnings::add);
            cleaned.add(clean);
        }
        Map<String, ShopifyVariant> bySku = new LinkedHashMap<>();
        cleaned.stream().sorted(Comparator.comparingLong(ShopifyVariant::numericId)).forEach(variant -> {
            String sku = skuOf(variant);
            ShopifyVariant first = bySku.putIfAbsent(sku, variant);
            if (first != null) {
                warnings.add("SKU \"" + sku + "\" is used by variants " + first.gid() + " and " + variant.gid()
                        + "; imported " + first.gid() + " (the older one), not " + variant.gid());
            }
        });
        List<Planned> items = new ArrayList<>(bySku.size());
        Set<String> unusable = new HashSet<>();
        bySku.forEach((sku, variant) -> {
            try {
                items.add(new Planned(variant, upsert(tenantId, currency, sku, variant, costWhenUnknown)));
            } catch (Unusable e) {
                unusable.add(variant.gid());
                warnings.add("variant " + variant.gid() + " (SKU \"" + sku + "\") was not imported: " + e.getMessage());
            }
        });
        return new Plan(items, warnings, unusable);
    }

    /** The variant without the control characters no request could carry (they would reach the events). */
    private static ShopifyVariant clean(ShopifyVariant variant, ChannelText text) {
        ShopifyProduct product = variant.product();
        ShopifyProduct cleanProduct = new ShopifyProduct(text.identifier("product id", product.gid()),
                text.prose("title", product.title()), text.identifier("vendor", product.vendor()),
                text.identifier("product type", product.productType()), text.identifiers("tags", product.tags()),
                text.identifier("status", product.status()), product.updatedAt());
        return new ShopifyVariant(cleanProduct, text.identifier("variant id", variant.gid()),
                text.identifier("SKU", variant.sku()), text.identifier("price", variant.price()),
                text.identifier("compare-at price", variant.compareAtPrice()),
                text.identifier("unit cost", variant.costAmount()),
                text.identifier("unit cost currency", variant.costCurrency()));
    }

    static String skuOf(ShopifyVariant variant) {
        String sku = variant.sku() == null ? "" : variant.sku().trim();
        return sku.isEmpty() ? "shopify-" + variant.numericId() : sku;
    }

    private static UpsertProduct upsert(TenantId tenantId, String currency, String sku, ShopifyVariant variant,
                                        Function<ProductId, Money> costWhenUnknown) {
        ShopifyProduct product = variant.product();
        if (product.gid() == null || variant.gid() == null) {
            throw new Unusable("Shopify did not say which product or variant it is");
        }
        if (product.title() == null || product.title().isBlank()) {
            throw new Unusable("its product has no title");
        }
        ProductId productId = ProductId.forSku(tenantId, sku);
        Money price = money(variant.price(), currency, "price");
        if (price == null) {
            throw new Unusable("it has no price");
        }
        Money compareAt = money(variant.compareAtPrice(), currency, "compareAtPrice");
        if (price.isNegative() || (compareAt != null && compareAt.isNegative())) {
            throw new Unusable("its price is negative");
        }
        Money cost = variant.costAmount() == null ? costWhenUnknown.apply(productId) : cost(variant);
        ProductDetails details = new ProductDetails(product.title().trim(), blankToNull(product.vendor()),
                blankToNull(product.productType()), product.tags(), cost,
                Map.of(ChannelMessages.SHOPIFY, Map.of("productId", product.gid(), "variantId", variant.gid())));
        return new UpsertProduct(productId, tenantId, sku, details, product.sellable(),
                List.of(new ObservedPrice(price, compareAt)), SOURCE);
    }

    private static Money money(String amount, String currency, String field) {
        if (amount == null || amount.isBlank()) {
            return null;
        }
        try {
            return Money.parse(amount.trim(), currency, field);
        } catch (InvalidMoney e) {
            throw new Unusable(field + " \"" + amount + "\" is not an amount in " + currency + " (" + e.getMessage() + ")");
        }
    }

    /** A unit cost may carry more decimals than the currency has (4 is common): rounded half up to it. */
    private static Money cost(ShopifyVariant variant) {
        try {
            BigDecimal amount = new BigDecimal(variant.costAmount().trim());
            String currency = variant.costCurrency();
            Money cost = new Money(amount.setScale(Money.minorUnits(currency), RoundingMode.HALF_UP), currency);
            if (cost.isNegative()) {
                throw new Unusable("its unit cost is negative");
            }
            return cost;
        } catch (NumberFormatException | InvalidMoney e) {
            throw new Unusable("its unit cost \"" + variant.costAmount() + " " + variant.costCurrency()
                    + "\" is not an amount");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** A variant that cannot become a valid product; the message says why. */
    static final class Unusable extends RuntimeException {
        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }
}
