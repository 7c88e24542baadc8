package dev.calibrate.connectors.amazon.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what this connector takes from SP-API answers: from a {@code searchListingsItems} page, per
 * listing its SKU, ASIN, name and B2C offer price in the marketplace asked for; from a
 * {@code searchCatalogItems} answer, per ASIN its title and brand.
 */
final class AmazonPayloads {

    private AmazonPayloads() {
    }

    /** One listing in one marketplace; {@code price} null when it has no usable offer there. */
    record SellerListing(String sku, String marketplaceId, String asin, String itemName, Money price) {
    }

    record CatalogSummary(String title, String brand) {
    }

    static List<SellerListing> listings(JsonNode page, String marketplaceId, List<String> warnings) {
        List<SellerListing> listings = new ArrayList<>();
        for (JsonNode item : page.path("items")) {
            String sku = text(item.path("sku"));
            if (sku == null) {
                warnings.add("a listing in " + marketplaceId + " has no SKU; it was skipped");
                continue;
            }
            JsonNode summary = inMarketplace(item.path("summaries"), marketplaceId);
            listings.add(new SellerListing(sku, marketplaceId, text(summary.path("asin")), text(summary.path("itemName")),
                    price(item.path("offers"), sku, marketplaceId, warnings)));
        }
        return listings;
    }

    /** Catalog items by ASIN, with the title and brand of the marketplace asked for. */
    static void catalog(JsonNode answer, String marketplaceId, Map<String, CatalogSummary> into) {
        for (JsonNode item : answer.path("items")) {
            String asin = text(item.path("asin"));
            if (asin != null) {
                JsonNode summary = inMarketplace(item.path("summaries"), marketplaceId);
                into.put(asin, new CatalogSummary(text(summary.path("itemName")), text(summary.path("brand"))));
            }
        }
    }

    static String nextToken(JsonNode page) {
        return text(page.path("pagination").path("nextToken"));
    }

    private static Money price(JsonNode offers, String sku, String marketplaceId, List<String> warnings) {
        for (JsonNode offer : offers) {
            if (marketplaceId.equals(offer.path("marketplaceId").asText()) && "B2C".equals(offer.path("offerType").asText())) {
                JsonNode price = offer.path("price");
                try {
                    Money money = Money.parse(price.path("amount").asText(), price.path("currencyCode").asText(), "price");
                    if (money.isNegative()) {
                        warnings.add("SKU \"" + sku + "\" has a negative offer price in " + marketplaceId + "; ignored");
                        return null;
                    }
                    return money;
                } catch (InvalidMoney e) {
                    warnings.add("SKU \"" + sku + "\" has an offer price in " + marketplaceId + " that is not an amount ("
                            + e.getMessage() + "); ignored");
                    return null;
                }
            }
        }
        return null;
    }

    private static JsonNode inMarketplace(JsonNode summaries, String marketplaceId) {
        for (JsonNode summary : summaries) {
            if (marketplaceId.equals(summary.path("marketplaceId").asText())) {
                return summary;
            }
        }
        return MissingNode.getInstance();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText().trim() : null;
    }
}
