package dev.calibrate.query.anomaly;

import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.anomaly.AnomalyApi.Anomaly;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyKind;
import dev.calibrate.query.anomaly.AnomalyApi.AnomalyPage;
import dev.calibrate.query.catalog.CatalogProjection;
import dev.calibrate.query.consistency.ReadModelProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.calibrate.kernel.error.ErrorResponses;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's price anomalies in a period, computed from its products' events (see docs/anomalies.md).
 * A request reads one page of products (at most {@link #MAX_SIZE}, in product id order), of each at
 * most {@link AnomalyLimits#eventsPerProduct()} events, and at most {@link AnomalyLimits#eventBudget()}
 * events in all (a page that would pass it ends early), over a period of at most {@link #MAX_RANGE}:
 * a tenant of 100,000 products is read page by page, never at once.
 */
@RestController
@Tag(name = "Anomalies", description = "Unusual prices found in the products' events: price moves, prices below "
        + "cost or far above their average, open channel drifts.")
public class AnomalyController {

    public static final Duration MAX_RANGE = Duration.ofDays(366);
    public static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 50;
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ProductHistories histories;
    private final ReadModelProgress progress;
    private final Clock clock;
    private final AnomalyLimits limits;

    public AnomalyController(ProductHistories histories, ReadModelProgress progress, Clock clock, AnomalyLimits limits) {
        this.histories = histories;
        this.progress = progress;
        this.clock = clock;
        this.limits = limits;
    }

    @GetMapping(path = "/api/v1/anomalies", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.CATALOG_READ, Scope.AUDIT_READ})
    @Operation(operationId = "listAnomalies", summary = "Unusual prices in a period, with their evidence",
            description = "Price moves unlike the product's others (modified z-score over 90 days), prices below "
                    + "cost, prices above 6× their 30-day time-weighted average and open channel drifts, found in "
                    + "the products' events. One page of products a request, in product id order; follow "
                    + "`nextAfter`. The period is at most 366 days. A page whose "
                    + "products' events pass what one request reads ends early: `products` is then below `size` and "
                    + "`nextAfter` is present.")
    @ErrorResponses({503})
    public AnomalyPage list(
            @Parameter(description = "Start of the period (inclusive), an ISO-8601 instant; default 30 days before `to`.")
            @RequestParam(required = false) String from,
            @Parameter(description = "End of the period (exclusive), an ISO-8601 instant; default now.")
            @RequestParam(required = false) String to,
            @Parameter(description = "Only this kind.",
                    schema = @Schema(allowableValues = {"price_move", "below_cost", "above_average", "channel_drift"}))
            @RequestParam(required = false) String kind,
            @Parameter(description = "Only this product (a UUID); then the page is that product "
                    + "(`products` 0 when the tenant has no such product), and `after` and `size` are refused.")
            @RequestParam(required = false) String productId,
            @Parameter(description = "The page's products come after this product id (the last page's `nextAfter`).")
            @RequestParam(required = false) String after,
            @Parameter(description = "Products a page reads at most, 1 to 100.")
            @RequestParam(required = false) Integer size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
            Caller caller) {
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : instant("from", from);
        if (start.isAfter(end)) {
            throw new InvalidInput("from", "must not be after to");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw new InvalidInput("from", "must be at most 366 days before to: ask for a longer period in parts");
        }
        AnomalyKind only = kind == null ? null : AnomalyKind.ofCode(kind).orElseThrow(() -> new InvalidInput("kind",
                "must be one of price_move, below_cost, above_average, channel_drift"));
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + MAX_SIZE);
        }
        UUID onlyProduct = productId == null ? null : uuid("productId", productId);
        UUID afterProduct = after == null ? null : uuid("after", after);
        // one product is one page: a page size or a position after it would be silently meaningless
        if (onlyProduct != null && after != null) {
            throw new InvalidInput("after", "must not be given with productId");
        }
        if (onlyProduct != null && size != null) {
            throw new InvalidInput("size", "must not be given with productId");
        }

        List<ProductId> products;
        if (onlyProduct != null) {
            products = List.of(new ProductId(onlyProduct));
        } else {
            progress.awaitPosition(CatalogProjection.NAME, waitFor);
            products = histories.page(caller.tenantId(), afterProduct, pageSize);
        }
        ProductHistories.Read read = histories.read(caller.tenantId(), products, end, limits);
        // a product asked for by id whose stream has no event is none of the tenant's: an empty page
        List<ProductHistory> readWhole = onlyProduct != null && !read.withoutEvents().isEmpty()
                ? List.of() : read.histories();
        UUID next = null;
        if (onlyProduct == null && (read.budgetSpent() || products.size() == pageSize)) {
            next = readWhole.get(readWhole.size() - 1).productId().value();
        }
        List<Anomaly> anomalies = AnomalyDetector.detect(readWhole, start, end, only, limits);
        List<UUID> partial = readWhole.stream().filter(ProductHistory::partial).map(h -> h.productId().value()).toList();
        return new AnomalyPage(start, end, anomalies, readWhole.size(), next, partial);
    }

    private static Instant instant(String field, String value) {
        Instant parsed;
        try {
            parsed = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
        // Instant.parse takes years up to a billion; the arithmetic on the period (and the event store's
        // text timestamps) wants a calendar the store can hold
        if (parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)) {
            throw new InvalidInput(field, "must be between " + EARLIEST + " and " + LATEST);
        }
        return parsed;
    }

    private static UUID uuid(String field, String value) {
        try {
            UUID parsed = UUID.fromString(value);
            // UUID.fromString accepts shortened groups ("1-1-1-1-1"); only the canonical form is an id
            if (!parsed.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "must be a UUID such as 3f2b6c1e-8d4a-4f7b-9c2e-5a1d0e6f7b8c");
        }
    }
}
