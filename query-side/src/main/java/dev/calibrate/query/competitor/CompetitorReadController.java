package dev.calibrate.query.competitor;

import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.CatalogProjection;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorObservationPage;
import dev.calibrate.query.competitor.CompetitorReadApi.CompetitorPage;
import dev.calibrate.query.competitor.CompetitorReadApi.PricePositionPage;
import dev.calibrate.query.competitor.CompetitorReadApi.ProductCompetitorPrices;
import dev.calibrate.query.consistency.ReadModelProgress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Competitor reads: the competitors, a competitor's observations, a product's latest competitor
 * prices and the price position of the catalog. With {@code X-Calibrate-Wait-For} they wait for the
 * read models they show (the competitor prices, and the catalog where products are involved).
 */
@RestController
@Tag(name = "Competitors")
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class CompetitorReadController {

    static final int DEFAULT_MAX_AGE_HOURS = 24;
    /** A year: a window beyond it is a mistake rather than a question about freshness. */
    static final int MAX_AGE_HOURS_LIMIT = 8760;

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final CompetitorQueries queries;
    private final PricePositions positions;
    private final Clock clock;

    public CompetitorReadController(TenantScope tenantScope, ReadModelProgress progress, CompetitorQueries queries,
                                    PricePositions positions, Clock clock) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.queries = queries;
        this.positions = positions;
        this.clock = clock;
    }

    @GetMapping("/competitors")
    @RequiresScope(Scope.COMPETITORS_READ)
    @Operation(operationId = "listCompetitors", summary = "List the registered competitors")
    @ErrorResponses({503})
    public CompetitorPage list(@RequestParam(defaultValue = "0") int page,
                               @RequestParam(defaultValue = "50") int size,
                               @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                               Caller caller) {
        Paging paging = Paging.of(page, size);
        progress.awaitPosition(CompetitorProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.list(paging));
    }

    @GetMapping("/competitors/{id}/observations")
    @RequiresScope(Scope.COMPETITORS_READ)
    @Operation(operationId = "listCompetitorObservations", summary = "A competitor's observed prices, newest first")
    @ErrorResponses({503})
    public CompetitorObservationPage observations(
            @PathVariable UUID id,
            @RequestParam(required = false) String sku,
            @Parameter(description = "Observed at or after, with an offset, e.g. 2026-11-26T09:30:00Z.")
            @RequestParam(required = false) String from,
            @Parameter(description = "Observed at or before, with an offset, e.g. 2026-11-26T18:00:00Z.")
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
            Caller caller) {
        Paging paging = Paging.of(page, size);
        CompetitorQueries.ObservationFilter filter = new CompetitorQueries.ObservationFilter(
                sku == null || sku.isBlank() ? null : sku.trim(), instant("from", from), instant("to", to));
        progress.awaitPosition(CompetitorProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.observations(new CompetitorId(id), filter, paging));
    }

    /**
     * {@code asOf} (default now) answers "which competitor prices did we know then": only observations
     * recorded by then count, and ages and freshness are measured from it.
     */
    @GetMapping("/products/{id}/competitors")
    @RequiresScope(Scope.COMPETITORS_READ)
    @Operation(operationId = "getProductCompetitorPrices", summary = "A product's latest competitor prices",
            description = "Each competitor's latest observation per currency, fresh when within maxAgeHours; "
                    + "with asOf, as Calibrate knew them at that instant.")
    @ErrorResponses({503})
    public ProductCompetitorPrices ofProduct(
            @PathVariable UUID id,
            @Parameter(description = "How old a price may be and still count as fresh; 1 to 8760, default 24.")
            @RequestParam(required = false) Integer maxAgeHours,
            @Parameter(description = "The instant to answer for, with an offset; default now.")
            @RequestParam(required = false) String asOf,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
            Caller caller) {
        Duration maxAge = maxAge(maxAgeHours);
        Instant at = asOf == null || asOf.isBlank() ? clock.instant() : instant("asOf", asOf);
        awaitBoth(waitFor);
        return tenantScope.read(caller.tenantId(), () -> queries.ofProduct(new ProductId(id), maxAge, at));
    }

    @GetMapping("/analytics/price-position")
    @RequiresScope(Scope.COMPETITORS_READ)
    @Operation(operationId = "getPricePosition", summary = "Where our prices stand among the competitors'",
            description = "Per active product with a price in the currency: the lowest, median and highest fresh "
                    + "in-stock competitor price, the price index and the position; the summary counts every "
                    + "selected product, not just the page.")
    @ErrorResponses({503})
    public PricePositionPage pricePosition(
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String vendor,
            @Parameter(description = "ISO-4217 code; default the tenant's default currency.")
            @RequestParam(required = false) String currency,
            @Parameter(description = "How old a price may be and still count; 1 to 8760, default 24.")
            @RequestParam(required = false) Integer maxAgeHours,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
            Caller caller) {
        Paging paging = Paging.of(page, size);
        Duration maxAge = maxAge(maxAgeHours);
        if (currency != null) {
            try {
                Money.minorUnits(currency);
            } catch (InvalidInput e) {
                throw new InvalidInput("currency", e.reason());
            }
        }
        awaitBoth(waitFor);
        PricePositions.Filter filter = new PricePositions.Filter(blankToNull(tag), blankToNull(vendor), currency,
                maxAge, clock.instant());
        return tenantScope.read(caller.tenantId(), () -> positions.page(filter, paging));
    }

    private void awaitBoth(Long waitFor) {
        progress.awaitPosition(CompetitorProjection.NAME, waitFor);
        progress.awaitPosition(CatalogProjection.NAME, waitFor);
    }

    private static Duration maxAge(Integer hours) {
        if (hours == null) {
            return Duration.ofHours(DEFAULT_MAX_AGE_HOURS);
        }
        if (hours < 1 || hours > MAX_AGE_HOURS_LIMIT) {
            throw new InvalidInput("maxAgeHours", "must be between 1 and " + MAX_AGE_HOURS_LIMIT);
        }
        return Duration.ofHours(hours);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name, "must be a timestamp with an offset such as \"2026-11-26T09:30:00Z\"");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
