package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeItemApi.ChannelState;
import dev.calibrate.query.pricechange.PriceChangeItemApi.Outcome;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PreviewStatus;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import dev.calibrate.query.pricechange.PriceChangeItemQueries.Filter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Pages through a change's items: those of the preview by preview status, and, once it runs, by
 * outcome and by what the channels confirmed.
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes")
@Tag(name = "Price changes")
public class PriceChangeItemReadController {

    public static final int DEFAULT_PAGE_SIZE = 50;
    static final String CSV = "text/csv";
    /**
     * The CSV variant's documentation: springdoc merges it into the JSON operation of the same path, whose
     * description is the one the document keeps.
     */
    private static final String CSV_TEXT = " With `Accept: text/csv`: the whole list as CSV (the same filters, no "
            + "paging: `page` and `size` are ignored), one row per item in run order under a header row, sent as "
            + "an attachment (`Content-Disposition: attachment; filename=\"price-change-<id>-<preview|items>.csv\"`) "
            + "and streamed a page of 1,000 at a time; columns `" + PriceChangeItemCsv.COLUMNS + "`; amounts as "
            + "plain decimals at the currency's scale, reasons joined with ` | `, text cells quoted and defused "
            + "against CSV injection (a leading `= + - @`, tab or carriage return gets a `'`). A bad filter or an "
            + "unknown change is a problem before any row; a client gone mid-file just ends the file.";
    private static final String CONTENT_DISPOSITION = "With `Accept: text/csv`: `attachment; filename=\"price-change-"
            + "<id>-<preview|items>.csv\"`.";

    private final PriceChangeItemQueries items;
    private final PriceChangeItemCsv csv;

    PriceChangeItemReadController(PriceChangeItemQueries items, PriceChangeItemCsv csv) {
        this.items = items;
        this.csv = csv;
    }

    @GetMapping(path = "/{id}/preview", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangePreviewItems", summary = "Page through a change's preview",
            description = "The items of the current preview, optionally only those of one preview status, or "
                    + "only those the preview flagged as anomalous." + CSV_TEXT)
    public PriceChangeItemPage previewPage(@PathVariable String id, Caller caller,
                                           @RequestParam(required = false) String status,
                                           @Parameter(description = "Only the items with anomalies.")
                                           @RequestParam(defaultValue = "false") boolean anomalous,
                                           @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        Filter filter = previewFilter(status, anomalous);
        Paging.of(page, size);
        return items.page(caller.tenantId(), id(id), filter, page, size);
    }

    @GetMapping(path = "/{id}/preview", produces = CSV)
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "exportPriceChangePreviewItemsCsv", summary = "The whole preview as CSV",
            description = "Merged into listPriceChangePreviewItems, which documents it.")
    @ApiResponse(responseCode = "200", description = "the page as JSON; with `Accept: text/csv`, every item as CSV with a header row",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")),
            headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION, description = CONTENT_DISPOSITION,
                    schema = @Schema(type = "string")))
    @ErrorResponses({400})
    public void previewCsv(@PathVariable String id, Caller caller, @RequestParam(required = false) String status,
                           @RequestParam(defaultValue = "false") boolean anomalous, HttpServletResponse response)
            throws IOException {
        csv(caller, id(id), previewFilter(status, anomalous), "preview", response);
    }

    @GetMapping(path = "/{id}/items", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangeItems", summary = "Page through a change's items and their outcomes",
            description = "Optionally only the items of one outcome, or those showing one sync state for at "
                    + "least one channel (both case-insensitive), or only those the preview flagged as anomalous."
                    + CSV_TEXT)
    public PriceChangeItemPage itemPage(@PathVariable String id, Caller caller,
                                        @RequestParam(required = false) String outcome,
                                        @RequestParam(required = false) String channelState,
                                        @Parameter(description = "Only the items with anomalies.")
                                        @RequestParam(defaultValue = "false") boolean anomalous,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        Filter filter = itemFilter(outcome, channelState, anomalous);
        Paging.of(page, size);
        return items.page(caller.tenantId(), id(id), filter, page, size);
    }

    @GetMapping(path = "/{id}/items", produces = CSV)
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "exportPriceChangeItemsCsv", summary = "Every item and its outcome as CSV",
            description = "Merged into listPriceChangeItems, which documents it.")
    @ApiResponse(responseCode = "200", description = "the page as JSON; with `Accept: text/csv`, every item and its outcome as CSV with a header row",
            content = @Content(mediaType = CSV, schema = @Schema(type = "string")),
            headers = @Header(name = HttpHeaders.CONTENT_DISPOSITION, description = CONTENT_DISPOSITION,
                    schema = @Schema(type = "string")))
    @ErrorResponses({400})
    public void itemsCsv(@PathVariable String id, Caller caller, @RequestParam(required = false) String outcome,
                         @RequestParam(required = false) String channelState,
                         @RequestParam(defaultValue = "false") boolean anomalous, HttpServletResponse response)
            throws IOException {
        csv(caller, id(id), itemFilter(outcome, channelState, anomalous), "items", response);
    }

    /**
     * Checked before the first byte goes: once streaming, an error can no longer be a problem answer.
     * Written to the response on the request's thread a page at a time, each page read before it is sent.
     */
    private void csv(Caller caller, PriceChangeId id, Filter filter, String what, HttpServletResponse response)
            throws IOException {
        items.requireChange(caller.tenantId(), id);
        response.setContentType(CSV + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"price-change-" + id + "-" + what
                + ".csv\"");
        csv.write(caller.tenantId(), id, filter, response.getOutputStream());
    }

    private static Filter previewFilter(String status, boolean anomalous) {
        PreviewStatus filter = null;
        if (status != null) {
            try {
                filter = PreviewStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("status", "must be one of CHANGE, NO_CHANGE, BLOCKED, SKIPPED");
            }
        }
        return new Filter(filter, null, null, anomalous);
    }

    private static Filter itemFilter(String outcome, String channelState, boolean anomalous) {
        Outcome outcomeFilter = null;
        if (outcome != null) {
            outcomeFilter = Outcome.parse(outcome);
            if (outcomeFilter == null) {
                throw new InvalidInput("outcome", "must be one of " + List.of(Outcome.values()));
            }
        }
        ChannelState stateFilter = null;
        if (channelState != null) {
            stateFilter = ChannelState.parse(channelState);
            if (stateFilter == null) {
                throw new InvalidInput("channelState", "must be one of " + List.of(ChannelState.values()));
            }
        }
        return new Filter(null, outcomeFilter, stateFilter, anomalous);
    }

    /** A malformed id can name no price change, so it reads as missing like an unknown one. */
    private static PriceChangeId id(String id) {
        try {
            return new PriceChangeId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFound("price change");
        }
    }
}
