package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.CatalogSummary;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.SellerListing;
import dev.calibrate.connectors.ingest.ChannelText;
import dev.calibrate.kernel.channel.ChannelMessages;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a seller's listings into one {@link UpsertProduct} per SKU (source {@code amazon}): the
 * product is {@code ProductId.forSku(tenant, sku)}, so a seller SKU equal to a Shopify SKU is the same
 * product. {@code channelRefs.amazon} names the ASIN and marketplace of the first marketplace (in the
 * connection's order) that lists it; title and brand (as vendor) come from the catalog item, the
 * listing's own name standing in for a missing title; each marketplace's offer is an observed price
 * (the first per currency), and every offer is also kept with the listing, to compare with Calibrate's
 * price later. A listing without a title is left out with a warning; one without a price is imported
 * without one, with a warning. Control characters (which no request may carry) are dropped from the
 * listings' and catalog items' text, with a warning. Pure: the same listings always give the same upserts.
 */
final class ListingUpserts {

    private ListingUpserts() {
    }

    /** {@code offers}: every marketplace's offer, in the connection's order, kept to compare with Calibrate's price. */
    record Planned(String sku, String asin, String marketplaceId, List<AmazonListings.Offer> offers,
                   UpsertProduct upsert) {
    }

    record Plan(List<Planned> items, List<String> warnings) {
    }

    static Plan plan(TenantId tenantId, List<String> marketplaceOrder, List<SellerListing> listings,
                     Map<String, Map<String, CatalogSummary>> catalogByMarketplace) {
        List<String> warnings = new ArrayList<>();
        List<SellerListing> cleaned = new ArrayList<>(listings.size());
        for (SellerListing listing : listings) {
            ChannelText text = new ChannelText();
            SellerListing clean = new SellerListing(text.identifier("seller SKU", listing.sku()),
                    text.identifier("marketplace id", listing.marketplaceId()), text.identifier("ASIN", listing.asin()),
                    text.prose("item name", listing.itemName()), listing.price());
            text.warning("listing SKU \"" + clean.sku() + "\" in " + clean.marketplaceId()).ifPresent(warnings::add);
            cleaned.add(clean);
        }
        Map<String, List<SellerListing>> bySku = new LinkedHashMap<>();
        cleaned.stream()
                .sorted(Comparator.comparingInt(l -> marketplaceOrder.indexOf(l.marketplaceId())))
                .forEach(l -> bySku.computeIfAbsent(l.sku(), k -> new ArrayList<>()).add(l));
        List<Planned> items = new ArrayList<>();
        bySku.forEach((sku, seen) -> {
            SellerListing ref = seen.stream().filter(l -> l.asin() != null).findFirst().orElse(seen.get(0));
            CatalogSummary catalog = ref.asin() == null ? null
                    : catalogByMarketplace.getOrDefault(ref.marketplaceId(), Map.of()).get(ref.asin());
            ChannelText catalogText = new ChannelText();
            if (catalog != null) {
                catalog = new CatalogSummary(catalogText.prose("title", catalog.title()),
                        catalogText.identifier("brand", catalog.brand()));
                catalogText.warning("catalog item " + ref.asin()).ifPresent(warnings::add);
            }
            String title = catalog != null && catalog.title() != null ? catalog.title()
                    : seen.stream().map(SellerListing::itemName).filter(n -> n != null).findFirst().orElse(null);
            if (title == null) {
                warnings.add("listing SKU \"" + sku + "\" was not imported: neither the catalog nor the listing gives a title");
                return;
            }
            Map<String, ObservedPrice> prices = new LinkedHashMap<>();
            seen.stream().filter(l -> l.price() != null)
                    .forEach(l -> prices.putIfAbsent(l.price().currency(), new ObservedPrice(l.price(), null)));
            if (prices.isEmpty()) {
                warnings.add("listing SKU \"" + sku + "\" has no offer price in " + marketplaces(seen)
                        + "; imported without a price");
            }
            Map<String, String> amazonRef = new TreeMap<>();
            if (ref.asin() != null) {
                amazonRef.put("asin", ref.asin());
            }
            amazonRef.put("sellerSku", sku);
            amazonRef.put("marketplaceId", ref.marketplaceId());
            ProductDetails details = new ProductDetails(title, catalog == null ? null : catalog.brand(), null, List.of(),
                    null, Map.of(ChannelMessages.AMAZON, amazonRef));
            List<AmazonListings.Offer> offers = seen.stream().filter(l -> l.price() != null)
                    .map(l -> new AmazonListings.Offer(l.marketplaceId(), l.price())).toList();
            items.add(new Planned(sku, ref.asin(), ref.marketplaceId(), offers, new UpsertProduct(ProductId.forSku(tenantId, sku),
                    tenantId, sku, details, true, List.copyOf(prices.values()), ChannelMessages.AMAZON)));
        });
        return new Plan(items, warnings);
    }

    /** What an upsert says about a listing that vanished: no amazon ref any more, and not sold here. */
    static UpsertProduct vanished(TenantId tenantId, AmazonListings.Listing listing) {
        ProductDetails details = new ProductDetails(listing.title(), listing.brand(), null, List.of(), null, Map.of());
        return new UpsertProduct(listing.productId(), tenantId, listing.sku(), details, false, List.of(),
                ChannelMessages.AMAZON);
    }

    private static String marketplaces(List<SellerListing> seen) {
        Set<String> ids = new LinkedHashSet<>();
        seen.forEach(l -> ids.add(l.marketplaceId()));
        return String.join(", ", ids);
    }
}
