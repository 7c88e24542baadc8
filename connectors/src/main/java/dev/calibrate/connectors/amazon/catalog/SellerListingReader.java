package dev.calibrate.connectors.amazon.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.connectors.amazon.api.SpApi;
import dev.calibrate.connectors.amazon.catalog.AmazonIngest.IngestInterrupted;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.CatalogSummary;
import dev.calibrate.connectors.amazon.catalog.AmazonPayloads.SellerListing;
import dev.calibrate.connectors.amazon.catalog.ListingUpserts.Plan;
import dev.calibrate.connectors.amazon.catalog.ListingUpserts.Planned;
import dev.calibrate.kernel.tenant.TenantId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Reads a seller's listings from the Selling Partner API for an ingest and hands them on as planned
 * upserts while it reads: every listings page of each marketplace ({@code searchListingsItems}, 20 a
 * page), and the title and brand of each SKU's catalog item ({@code searchCatalogItems}, 20 SKUs a
 * call, in the marketplace whose listing names the SKU's ASIN, see {@link ListingUpserts}).
 * <p>
 * A SKU's upsert needs its listings in every marketplace, so a SKU is complete once the last
 * marketplace has been read up to it: the earlier marketplaces are read first (their listings kept),
 * then each page of the last marketplace completes the SKUs on it, and the SKUs it does not list
 * are complete when it ends. Complete SKUs wait for their catalog lookup in groups of 20 per
 * marketplace; each lookup's group is planned and handed to {@code emit} at once, so with one
 * marketplace the lookups alternate with the pages, and writing follows one lookup behind. Only GETs.
 * Between calls it stops when the node shuts down or {@code stopping} says so.
 */
final class SellerListingReader {

    static final int PAGE_SIZE = 20;
    static final int CATALOG_IDENTIFIERS = 20;

    private final SpApi spApi;

    SellerListingReader(SpApi spApi) {
        this.spApi = spApi;
    }

    /** How the reading went: every SKU any marketplace listed, for finding the listings that vanished. */
    record Read(Set<String> skus) {
    }

    /**
     * Reads every marketplace in the connection's order; {@code pageRead} hears each page's size,
     * {@code emit} gets the planned upserts of each group of complete SKUs and {@code warnings} what was
     * left out or changed on the way (it is shared with the writer, so added to under its own lock).
     */
    Read read(TenantId tenantId, SpApi.Access access, List<String> marketplaceIds, List<String> warnings,
              IntConsumer pageRead, Consumer<List<Planned>> emit, BooleanSupplier stopping) {
        Reading reading = new Reading(tenantId, access, marketplaceIds, warnings, emit, stopping);
        for (int i = 0; i < marketplaceIds.size(); i++) {
            boolean last = i == marketplaceIds.size() - 1;
            String marketplaceId = marketplaceIds.get(i);
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
                List<String> pageWarnings = new ArrayList<>();
                List<SellerListing> listed = AmazonPayloads.listings(page, marketplaceId, pageWarnings);
                reading.warn(pageWarnings);
                pageRead.accept(listed.size());
                listed.forEach(reading::listed);
                if (last) {
                    listed.forEach(l -> reading.complete(l.sku()));
                }
                pageToken = AmazonPayloads.nextToken(page);
            } while (pageToken != null);
        }
        reading.completeTheRest();
        return new Read(reading.seen);
    }

    /** One ingest's reading state: listings of SKUs not yet complete, and complete SKUs waiting for their lookup. */
    private final class Reading {
        private final TenantId tenantId;
        private final SpApi.Access access;
        private final List<String> marketplaceIds;
        private final List<String> warnings;
        private final Consumer<List<Planned>> emit;
        private final BooleanSupplier stopping;
        private final Set<String> seen = new HashSet<>();
        private final Map<String, List<SellerListing>> open = new LinkedHashMap<>();
        /** Complete SKUs whose catalog item is looked up in a marketplace, by that marketplace; "" for none. */
        private final Map<String, Map<String, List<SellerListing>>> waiting = new HashMap<>();

        Reading(TenantId tenantId, SpApi.Access access, List<String> marketplaceIds, List<String> warnings,
                Consumer<List<Planned>> emit, BooleanSupplier stopping) {
            this.tenantId = tenantId;
            this.access = access;
            this.marketplaceIds = marketplaceIds;
            this.warnings = warnings;
            this.emit = emit;
            this.stopping = stopping;
        }

        void listed(SellerListing listing) {
            if (seen.add(listing.sku()) || open.containsKey(listing.sku())) {
                open.computeIfAbsent(listing.sku(), k -> new ArrayList<>()).add(listing);
            }
            // a SKU listed again after it was complete (a page that moved under the reader) adds
            // nothing: the first listing of a SKU in a marketplace is the one that counts
        }

        /** Every marketplace has been read up to {@code sku}: it waits for its lookup. */
        void complete(String sku) {
            List<SellerListing> listings = open.remove(sku);
            if (listings == null) {
                return;
            }
            String lookupIn = listings.stream().filter(l -> l.asin() != null).map(SellerListing::marketplaceId)
                    .findFirst().orElse("");
            Map<String, List<SellerListing>> group = waiting.computeIfAbsent(lookupIn, m -> new LinkedHashMap<>());
            group.put(sku, listings);
            if (group.size() == CATALOG_IDENTIFIERS) {
                lookUp(lookupIn);
            }
        }

        void completeTheRest() {
            List.copyOf(open.keySet()).forEach(this::complete);
            for (String marketplaceId : List.copyOf(waiting.keySet())) {
                lookUp(marketplaceId);
            }
        }

        /** Looks up the waiting group's catalog items (none for SKUs without an ASIN), plans it and hands it on. */
        private void lookUp(String marketplaceId) {
            Map<String, List<SellerListing>> group = waiting.remove(marketplaceId);
            if (group == null || group.isEmpty()) {
                return;
            }
            Map<String, CatalogSummary> catalog = new HashMap<>();
            if (!marketplaceId.isEmpty()) {
                stopIf(stopping);
                Map<String, List<String>> query = new LinkedHashMap<>();
                query.put("marketplaceIds", List.of(marketplaceId));
                query.put("identifiers", List.copyOf(group.keySet()));
                query.put("identifiersType", List.of("SKU"));
                query.put("sellerId", List.of(access.sellerId()));
                query.put("includedData", List.of("summaries", "identifiers"));
                AmazonPayloads.catalog(spApi.get(access, SpApi.Operation.SEARCH_CATALOG_ITEMS, "/catalog/2022-04-01/items",
                        query), marketplaceId, catalog);
            }
            List<SellerListing> listings = group.values().stream().flatMap(List::stream).toList();
            Plan plan = ListingUpserts.plan(tenantId, marketplaceIds, listings,
                    marketplaceId.isEmpty() ? Map.of() : Map.of(marketplaceId, catalog));
            warn(plan.warnings());
            if (!plan.items().isEmpty()) {
                emit.accept(plan.items());
            }
        }

        void warn(List<String> more) {
            if (!more.isEmpty()) {
                synchronized (warnings) {
                    warnings.addAll(more);
                }
            }
        }
    }

    private static void stopIf(BooleanSupplier stopping) {
        if (stopping.getAsBoolean()) {
            throw new IngestInterrupted();
        }
    }
}
