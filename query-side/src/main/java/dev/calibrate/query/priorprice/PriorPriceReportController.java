package dev.calibrate.query.priorprice;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.money.InvalidMoney;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantScope;
import dev.calibrate.query.catalog.CatalogProjection;
import dev.calibrate.query.consistency.ReadModelProgress;
import dev.calibrate.query.csv.CsvCells;
import dev.calibrate.query.priorprice.PriorPriceReportApi.PriorPriceReport;
import dev.calibrate.query.priorprice.PriorPriceReportApi.PriorPriceReportItem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The prior-price compliance report: every product showing a compare-at, its prior price and what is
 * wrong with the reduction it announces, a page at a time, as JSON or CSV (docs/prior-price.md#the-report).
 */
@RestController
@Tag(name = "Reports", description = "Compliance reports over the catalog's price history.")
public class PriorPriceReportController {

    static final String CSV = "text/csv";
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final String CSV_HEADER = "productId,sku,currency,price,compareAt,announcedSince,priorPrice,windowStart,"
            + "historySince,advertisedReductionPercent,reductionPercentFromPriorPrice,violations\n";

    private final TenantScope tenantScope;
    private final ReadModelProgress progress;
    private final PriorPriceReports reports;
    private final Clock clock;

    public PriorPriceReportController(TenantScope tenantScope, ReadModelProgress progress, PriorPriceReports reports,
                                      Clock clock) {
        this.tenantScope = tenantScope;
        this.progress = progress;
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping(path = "/api/v1/reports/prior-prices", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.CATALOG_READ, Scope.AUDIT_READ})
    @Operation(operationId = "getPriorPriceReport", summary = "Products with a compare-at and their prior price",
            description = "Each product whose price in effect at `at` shows a compare-at in `currency`, its prior "
                    + "price (the lowest of the tenant's window before the reduction was announced) and the "
                    + "violations found. Keyset pages in product id order: pass `nextAfter` as `after`. "
                    + "`Accept: text/csv` answers the same page as CSV, the next cursor in `X-Next-After`.")
    @ErrorResponses({400, 503})
    public PriorPriceReport json(
            @Parameter(description = "ISO 4217 code", example = "EUR") @RequestParam String currency,
            @Parameter(description = "ISO-8601 instant; now when absent") @RequestParam(required = false) String at,
            @Parameter(description = "the nextAfter of the previous page") @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor, Caller caller) {
        return report(currency, at, after, size, waitFor, caller);
    }

    @GetMapping(path = "/api/v1/reports/prior-prices", produces = CSV)
    @RequiresScope({Scope.CATALOG_READ, Scope.AUDIT_READ})
    @Operation(operationId = "getPriorPriceReportCsv", summary = "The prior-price report as CSV",
            description = "The same page as the JSON report, one product per row; violations joined with `|`.",
            responses = @ApiResponse(responseCode = "200", description = "One page of the report (JSON or CSV).",
                    headers = @Header(name = "X-Next-After", description = "Sent with CSV only: the cursor of the next "
                            + "page, to pass as `after` (the JSON report's `nextAfter`); absent on the last page.",
                            schema = @Schema(type = "string")),
                    content = @Content(mediaType = CSV, schema = @Schema(type = "string"))))
    @ErrorResponses({400, 503})
    public ResponseEntity<String> csv(@RequestParam String currency, @RequestParam(required = false) String at,
                                      @RequestParam(required = false) String after,
                                      @RequestParam(defaultValue = "100") int size,
                                      @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor,
                                      Caller caller) {
        PriorPriceReport report = report(currency, at, after, size, waitFor, caller);
        StringBuilder csv = new StringBuilder(CSV_HEADER);
        for (PriorPriceReportItem item : report.items()) {
            csv.append(item.productId()).append(',').append(CsvCells.text(item.sku())).append(',')
                    .append(report.currency()).append(',').append(item.price().amount().toPlainString()).append(',')
                    .append(item.compareAt().amount().toPlainString()).append(',').append(item.announcedSince())
                    .append(',').append(item.priorPrice() == null ? "" : item.priorPrice().amount().toPlainString())
                    .append(',').append(text(item.windowStart())).append(',').append(text(item.historySince()))
                    .append(',').append(item.advertisedReductionPercent()).append(',')
                    .append(item.reductionPercentFromPriorPrice() == null ? "" : item.reductionPercentFromPriorPrice())
                    .append(',').append(item.violations().stream().map(Enum::name).collect(Collectors.joining("|")))
                    .append('\n');
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"));
        if (report.nextAfter() != null) answer.header("X-Next-After", report.nextAfter());
        return answer.body(csv.toString());
    }

    private PriorPriceReport report(String currency, String at, String after, int size, Long waitFor, Caller caller) {
        try {
            Money.minorUnits(currency);
        } catch (InvalidMoney e) {
            throw new InvalidInput("currency", e.reason());
        }
        if (size < 1 || size > Paging.MAX_SIZE) {
            throw new InvalidInput("size", "must be between 1 and " + Paging.MAX_SIZE);
        }
        Instant when = instant(at);
        UUID cursor = uuid(after);
        progress.awaitPosition(CatalogProjection.NAME, waitFor);
        return tenantScope.read(caller.tenantId(), () -> reports.page(caller.tenantId(), currency, when, cursor, size));
    }

    private Instant instant(String at) {
        if (at == null || at.isBlank()) {
            return clock.instant();
        }
        Instant when;
        try {
            when = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("at", "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        // beyond these, a window start or a timestamp overflows Java's or PostgreSQL's range (a 500, not an answer)
        if (when.isBefore(EARLIEST) || when.isAfter(clock.instant().plus(Duration.ofDays(366)))) {
            throw new InvalidInput("at", "must be between " + EARLIEST + " and a year from now");
        }
        return when;
    }

    private static UUID uuid(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("after", "must be the nextAfter of a previous page");
        }
    }

    private static String text(Instant at) {
        return at == null ? "" : at.toString();
    }
}
