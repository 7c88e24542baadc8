package dev.calibrate.connectors.amazon.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.catalog.AmazonIngest.IngestInterrupted;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.CatalogSummary;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.SellerListing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Reads a seller's listings from the Selling Partner API for an ingest: every listings page of a
 * marketplace ({@code searchListingsItems}, 20 a page), then their titles and brands
 * ({@code searchCatalogItems}, 20 SKUs a call). Only GETs. Between calls it stops when the node shuts down.
 */
final class SellerListingReader {

    static final int PAGE_SIZE = 20;
    static final int CATALOG_IDENTIFIERS = 20;

    private final SpApi spApi;

    SellerListingReader(SpApi spApi) {
        this.spApi = spApi;
    }

    /** Every listing of the seller in the marketplace, a page at a time; {@code pageRead} hears each page's size. */
    List<SellerListing> listings(SpApi.Access access, String marketplaceId, List<String> warnings,
                                 IntConsumer pageRead, BooleanSupplier stopping) {
        List<SellerListing> read = new ArrayList<>();
        String pageToken = null;
        do {
            stopIf(stopping);
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("marketplaceIds", List.of(marketplaceId));
            query.put("includedData", List.of("summaries", "offers"));
            query.put("pageSize", List.of(Integer.toString(PAGE_SIZE)));
            if (pageToken != null) {
                query.put("pageToken", List.of(pageToken));
            }
            JsonNode page = spApi.get(access, SpApi.Operation.SEARCH_LISTINGS_ITEMS,
                    "/listings/2021-08-01/items/" + access.sellerId(), query);
            List<SellerListing> listed = AmazonPayloads.listings(page, marketplaceId, warnings);
            read.addAll(listed);
            pageRead.accept(listed.size());
            pageToken = AmazonPayloads.nextToken(page);
        } while (pageToken != null);
        return read;
    }

    /** The catalog's title and brand of each listed SKU that has an ASIN, 20 SKUs a call. */
    Map<String, CatalogSummary> catalog(SpApi.Access access, String marketplaceId, List<SellerListing> listed,
                                        BooleanSupplier stopping) {
        List<String> skus = listed.stream().filter(l -> l.asin() != null).map(SellerListing::sku).distinct().toList();
        Map<String, CatalogSummary> catalog = new HashMap<>();
        for (int from = 0; from < skus.size(); from += CATALOG_IDENTIFIERS) {
            stopIf(stopping);
            Map<String, List<String>> query = new LinkedHashMap<>();
            query.put("marketplaceIds", List.of(marketplaceId));
            query.put("identifiers", skus.subList(from, Math.min(skus.size(), from + CATALOG_IDENTIFIERS)));
            query.put("identifiersType", List.of("SKU"));
            query.put("sellerId", List.of(access.sellerId()));
            query.put("includedData", List.of("summaries", "identifiers"));
            AmazonPayloads.catalog(spApi.get(access, SpApi.Operation.SEARCH_CATALOG_ITEMS, "/catalog/2022-04-01/items",
                    query), marketplaceId, catalog);
        }
        return catalog;
    }

    private static void stopIf(BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new IngestInterrupted();
        }
    }
}
