package dev.calibrate.connectors.amazon;

import dev.calibrate.connectors.amazon.AmazonListings.Listing;
import dev.calibrate.connectors.amazon.ListingPrices.Compared;
import dev.calibrate.connectors.amazon.ListingPrices.ComparedOffer;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.FindCatalogSnapshot;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
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
    Map<String, Object> list(@RequestParam(required = false) String differs,
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", compared.subList(from, to).stream().map(AmazonListingsController::describe).toList());
        body.put("page", paging.page());
        body.put("size", paging.size());
        body.put("total", compared.size());
        body.put("readOnly", true);
        return body;
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

    private static Map<String, Object> describe(Compared compared) {
        Listing listing = compared.listing();
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("sku", listing.sku());
        item.put("productId", listing.productId().toString());
        item.put("asin", listing.asin());
        item.put("marketplaceId", listing.marketplaceId());
        item.put("title", listing.title());
        item.put("brand", listing.brand());
        item.put("offers", compared.offers().stream().map(AmazonListingsController::offer).toList());
        Map<String, Object> calibratePrices = new LinkedHashMap<>();
        compared.calibratePrices().forEach((currency, price) -> calibratePrices.put(currency, money(price)));
        item.put("calibratePrices", calibratePrices);
        item.put("differs", compared.differs());
        item.put("note", compared.note());
        item.put("seenAt", listing.seenAt() == null ? null : listing.seenAt().toString());
        return item;
    }

    private static Map<String, Object> offer(ComparedOffer offer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("marketplaceId", offer.offer().marketplaceId());
        body.put("price", money(offer.offer().price()));
        body.put("calibratePrice", offer.calibratePrice() == null ? null : money(offer.calibratePrice()));
        body.put("differs", offer.differs());
        return body;
    }

    private static Map<String, Object> money(Money money) {
        return Map.of("amount", money.amount().toPlainString(), "currency", money.currency());
    }
}
