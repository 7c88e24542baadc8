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
import dev.calibrate.kernel.product.ProductMessages.FindCatalogSnapshot;
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
class AmazonListingsController {

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
    AmazonListingPage list(
            @Parameter(description = "only listings whose prices differ (true) or match (false)",
                    schema = @Schema(type = "boolean"))
            @RequestParam(required = false) String differs,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, Caller caller) {
        Boolean onlyDiffering = differs(differs);
        Paging paging = Paging.of(page, size);
        TenantId tenantId = caller.tenantId();
        connections.find(tenantId).orElseThrow(() -> new AmazonConnector.NotConnected(tenantId));
        // Calibrate's prices live on the query side, reachable only through the kernel query: the whole
        // catalog snapshot is fetched once per request. Whether a listing differs is known only after the
        // comparison, so the tenant's listings are read whole too and filtered and paged here.
        Map<ProductId, CatalogItem> catalog = queries.query(new FindCatalogSnapshot(tenantId),
                        ResponseTypes.multipleInstancesOf(CatalogItem.class)).join().stream()
                .collect(Collectors.toMap(CatalogItem::productId, Function.identity(), (a, b) -> a));
        List<Compared> compared = listings.readAsTenant(tenantId).stream()
                .map(listing -> ListingPrices.compare(listing, catalog.get(listing.productId())))
                .filter(c -> onlyDiffering == null || c.differs() == onlyDiffering)
                .toList();
        int from = (int) Math.min(compared.size(), paging.offset());
        int to = Math.min(compared.size(), from + paging.size());
        return new AmazonListingPage(compared.subList(from, to).stream().map(AmazonListing::of).toList(),
                paging.page(), paging.size(), compared.size(), true);
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
