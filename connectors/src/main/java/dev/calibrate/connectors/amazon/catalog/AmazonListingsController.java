package dev.calibrate.connectors.amazon.catalog;

import dev.calibrate.connectors.amazon.catalog.AmazonListingApi.AmazonListing;
import dev.calibrate.connectors.amazon.catalog.AmazonListingApi.AmazonListingPage;
import dev.calibrate.connectors.amazon.catalog.ListingPrices.Compared;
import dev.calibrate.connectors.amazon.connection.AmazonConnections;
import dev.calibrate.connectors.amazon.connection.AmazonConnector;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogItems;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/connectors/amazon/listings}: each linked listing with Amazon's offer prices as the
 * last sync saw them, Calibrate's current price in each offer's currency, and whether they differ.
 * Calibrate never writes to Amazon, so a differing listing is one the merchant updates by hand.
 */
@RestController
@RequestMapping(path = "/api/v1/connectors/amazon/listings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Amazon")
public class AmazonListingsController {

    /** Listings compared a query at a time when the page is filtered on {@code differs}. */
    static final int CHUNK = 500;

    private final AmazonConnections connections;
    private final AmazonListings listings;
    private final QueryGateway queries;

    AmazonListingsController(AmazonConnections connections, AmazonListings listings, QueryGateway queries) {
        this.connections = connections;
        this.listings = listings;
        this.queries = queries;
    }

    @GetMapping
    @RequiresScope({Scope.CONNECTORS_ADMIN, Scope.CATALOG_READ})
    @Operation(operationId = "listAmazonListings", summary = "Linked listings with Amazon's and Calibrate's prices",
            description = "Amazon's offer prices as the last sync saw them beside Calibrate's current price in each "
                    + "offer's currency; a listing that differs is one the merchant updates in Seller Central.")
    @ErrorResponses({404})
    public AmazonListingPage list(
            @Parameter(description = "only listings whose prices differ (true) or match (false)",
                    schema = @Schema(type = "boolean"))
            @RequestParam(required = false) String differs,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, Caller caller) {
        Boolean onlyDiffering = differs(differs);
        Paging paging = Paging.of(page, size);
        TenantId tenantId = caller.tenantId();
        connections.find(tenantId).orElseThrow(() -> new AmazonConnector.NotConnected(tenantId));
        if (onlyDiffering == null) {
            AmazonListings.Page found = listings.page(tenantId, paging.offset(), paging.size());
            Map<ProductId, CatalogItem> products = products(tenantId, found.items());
            return new AmazonListingPage(found.items().stream()
                    .map(listing -> AmazonListing.of(ListingPrices.compare(listing, products.get(listing.productId()))))
                    .toList(), paging.page(), paging.size(), found.total(), true);
        }
        // Whether a listing differs is known only once it is compared with Calibrate's price, which lives
        // on the query side: the listings are walked in SKU order a chunk at a time, each chunk's products
        // asked for by id, and only the page's listings kept, so memory holds one chunk and one page.
        List<AmazonListing> shown = new ArrayList<>();
        long matching = 0;
        String after = null;
        while (true) {
            List<AmazonListings.Listing> chunk = listings.after(tenantId, after, CHUNK);
            if (chunk.isEmpty()) {
                break;
            }
            Map<ProductId, CatalogItem> products = products(tenantId, chunk);
            for (AmazonListings.Listing listing : chunk) {
                Compared compared = ListingPrices.compare(listing, products.get(listing.productId()));
                if (compared.differs() == onlyDiffering) {
                    if (matching >= paging.offset() && shown.size() < paging.size()) {
                        shown.add(AmazonListing.of(compared));
                    }
                    matching++;
                }
            }
            after = chunk.get(chunk.size() - 1).sku();
        }
        return new AmazonListingPage(shown, paging.page(), paging.size(), matching, true);
    }

    /** Calibrate's active products behind {@code shown}, by id, from the query side: only these, never the catalog. */
    private Map<ProductId, CatalogItem> products(TenantId tenantId, List<AmazonListings.Listing> shown) {
        if (shown.isEmpty()) {
            return Map.of();
        }
        List<ProductId> ids = shown.stream().map(AmazonListings.Listing::productId).distinct().toList();
        return queries.query(new FindCatalogItems(tenantId, ids), ResponseTypes.multipleInstancesOf(CatalogItem.class))
                .join().stream()
                .collect(Collectors.toMap(CatalogItem::productId, Function.identity(), (a, b) -> a));
    }

    static Boolean differs(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput("differs", "must be true or false, not \"" + value + "\"");
        };
    }
}
