package dev.calibrate.query.pricechange;

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
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * Pages through a change's items: those of the preview by preview status, and, once it runs, by
 * outcome and by what the channels confirmed.
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Price changes")
public class PriceChangeItemReadController {

    public static final int DEFAULT_PAGE_SIZE = 50;

    private final PriceChangeItemQueries items;

    PriceChangeItemReadController(PriceChangeItemQueries items) {
        this.items = items;
    }

    @GetMapping("/{id}/preview")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangePreviewItems", summary = "Page through a change's preview",
            description = "The items of the current preview, optionally only those of one preview status, or "
                    + "only those the preview flagged as anomalous.")
    public PriceChangeItemPage previewPage(@PathVariable String id, Caller caller,
                                           @RequestParam(required = false) String status,
                                           @Parameter(description = "Only the items with anomalies.")
                                           @RequestParam(defaultValue = "false") boolean anomalous,
                                           @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        PreviewStatus filter = null;
        if (status != null) {
            try {
                filter = PreviewStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("status", "must be one of CHANGE, NO_CHANGE, BLOCKED, SKIPPED");
            }
        }
        Paging.of(page, size);
        return items.page(caller.tenantId(), id(id), new Filter(filter, null, null, anomalous), page, size);
    }

    @GetMapping("/{id}/items")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangeItems", summary = "Page through a change's items and their outcomes",
            description = "Optionally only the items of one outcome, or those showing one sync state for at "
                    + "least one channel (both case-insensitive), or only those the preview flagged as anomalous.")
    public PriceChangeItemPage itemPage(@PathVariable String id, Caller caller,
                                        @RequestParam(required = false) String outcome,
                                        @RequestParam(required = false) String channelState,
                                        @Parameter(description = "Only the items with anomalies.")
                                        @RequestParam(defaultValue = "false") boolean anomalous,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
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
        Paging.of(page, size);
        return items.page(caller.tenantId(), id(id), new Filter(null, outcomeFilter, stateFilter, anomalous), page, size);
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
