package dev.calibrate.command.pricechange;

import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeItemPage;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangePreview;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangePreviewSummary;
import dev.calibrate.command.pricechange.PriceChangeItems.ChannelState;
import dev.calibrate.command.pricechange.PriceChangeItems.Outcome;
import dev.calibrate.command.pricechange.PriceChangeItems.Page;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.competitor.CompetitorMessages.AwaitCompetitors;
import dev.calibrate.kernel.product.ProductMessages.AwaitCatalog;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Previews a price change (evaluates its rule over the catalog and stores the items) and pages through
 * its items: those of the preview by preview status, and, once it runs, by outcome and channel state.
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Price changes")
public class PriceChangePreviewController {

    private static final int DEFAULT_PAGE_SIZE = 50;

    private final EventPositions positions;
    private final PriceChangeItems items;
    private final PriceChangeHistory changes;
    private final QueryGateway queries;
    private final Previews previews;

    PriceChangePreviewController(EventPositions positions, PriceChangeItems items, PriceChangeHistory changes,
                                 QueryGateway queries, Previews previews) {
        this.positions = positions;
        this.items = items;
        this.changes = changes;
        this.queries = queries;
        this.previews = previews;
    }

    @PostMapping("/{id}/preview")
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "previewPriceChange", summary = "Preview a draft or previewed change",
            description = "Evaluates the rule over the catalog now and stores the result as the change's preview: "
                    + "its hash (what an approver approves), its counts and the first page of its items. With "
                    + "X-Calibrate-Wait-For it first waits for the catalog and the competitor prices to reach "
                    + "that position.")
    @ErrorResponses({409, 422, 429, 503})
    public ResponseEntity<PriceChangePreview> preview(
            @PathVariable String id, Caller caller, @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor) {
        PriceChangeId changeId = PriceChangeController.id(id);
        Paging.of(0, size);
        if (waitFor != null) {
            awaitReadModels(waitFor);
        }
        PreviewRecorded preview = previews.preview(changeId, caller.tenantId(), caller.actor());
        Page first = items.page(caller.tenantId(), changeId, null, null, null, 0, size);
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangePreview(changeId.toString(), PriceChangeState.PREVIEWED, preview.previewHash(),
                        PriceChangePreviewSummary.of(preview.summary()), first.items(), 0, size, first.total()));
    }

    @GetMapping("/{id}/preview")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangePreviewItems", summary = "Page through a change's preview",
            description = "The items of the current preview, optionally only those of one preview status.")
    public PriceChangeItemPage previewPage(@PathVariable String id, Caller caller,
                                           @RequestParam(required = false) String status,
                                           @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        if (status != null && !List.of("CHANGE", "NO_CHANGE", "BLOCKED", "SKIPPED").contains(status)) {
            throw new InvalidInput("status", "must be one of CHANGE, NO_CHANGE, BLOCKED, SKIPPED");
        }
        Paging.of(page, size);
        Page found = existing(items.page(caller.tenantId(), PriceChangeController.id(id), status, null, null, page,
                size), caller, id);
        return new PriceChangeItemPage(found.items(), page, size, found.total());
    }

    @GetMapping("/{id}/items")
    @RequiresScope({Scope.PRICES_WRITE, Scope.PRICES_APPROVE, Scope.PRICES_APPLY, Scope.AUDIT_READ})
    @Operation(operationId = "listPriceChangeItems", summary = "Page through a change's items and their outcomes",
            description = "Optionally only the items of one outcome, or those showing one sync state for at "
                    + "least one channel (both case-insensitive).")
    public PriceChangeItemPage itemPage(@PathVariable String id, Caller caller,
                                        @RequestParam(required = false) String outcome,
                                        @RequestParam(required = false) String channelState,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "" + DEFAULT_PAGE_SIZE) int size) {
        Outcome filter = null;
        if (outcome != null) {
            filter = PriceChangeItems.outcome(outcome);
            if (filter == null) {
                throw new InvalidInput("outcome", "must be one of " + List.of(Outcome.values()));
            }
        }
        ChannelState syncFilter = null;
        if (channelState != null) {
            syncFilter = PriceChangeItems.channelState(channelState);
            if (syncFilter == null) {
                throw new InvalidInput("channelState", "must be one of " + List.of(ChannelState.values()));
            }
        }
        Paging.of(page, size);
        Page found = existing(items.page(caller.tenantId(), PriceChangeController.id(id), null, filter, syncFilter,
                page, size), caller, id);
        return new PriceChangeItemPage(found.items(), page, size, found.total());
    }

    /**
     * Before the aggregate is locked: a preview waits for the read models it evaluates (the catalog and
     * the competitor prices), never while holding it.
     */
    private void awaitReadModels(long position) {
        try {
            queries.query(new AwaitCatalog(position), Boolean.class).join();
            queries.query(new AwaitCompetitors(position), Boolean.class).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException || cause instanceof QueryExecutionException) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException failure ? failure : e;
        }
    }

    /** An empty page of a change that is not the caller's (or does not exist) is a 404, not an empty list. */
    private Page existing(Page page, Caller caller, String id) {
        if (page.total() == 0 && !changes.belongsTo(PriceChangeController.id(id), caller.tenantId())) {
            throw new NotFound("price change");
        }
        return page;
    }
}
