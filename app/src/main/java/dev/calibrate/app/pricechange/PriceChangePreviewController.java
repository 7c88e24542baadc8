package dev.calibrate.app.pricechange;

import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeApprovalNeed;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeThresholdPassed;
import dev.calibrate.command.catalog.PreviewCatalogs;
import dev.calibrate.command.pricechange.Previews;
import dev.calibrate.kernel.competitor.CompetitorMessages.AwaitCompetitors;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangeItemPage;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangePreview;
import dev.calibrate.query.pricechange.PriceChangeItemApi.PriceChangePreviewSummary;
import dev.calibrate.query.pricechange.PriceChangeItemQueries;
import dev.calibrate.query.pricechange.PriceChangeItemReadController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryExecutionException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Previews a price change and answers with the first page of its items: the command side evaluates
 * the rule and stores the preview, the query side reads the page. Here because it needs both sides,
 * which never reach into each other.
 */
@RestController
@RequestMapping(path = "/api/v1/price-changes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Price changes")
public class PriceChangePreviewController {

    private final EventPositions positions;
    private final Previews previews;
    private final PreviewCatalogs catalogs;
    private final PriceChangeItemQueries items;
    private final QueryGateway queries;

    PriceChangePreviewController(EventPositions positions, Previews previews, PreviewCatalogs catalogs,
                                 PriceChangeItemQueries items, QueryGateway queries) {
        this.positions = positions;
        this.previews = previews;
        this.catalogs = catalogs;
        this.items = items;
        this.queries = queries;
    }

    @PostMapping("/{id}/preview")
    @RequiresScope(Scope.PRICES_WRITE)
    @Operation(operationId = "previewPriceChange", summary = "Preview a draft or previewed change",
            description = "Evaluates the rule over the catalog now and stores the result as the change's preview: "
                    + "its hash (what an approver approves), its counts and the first page of its items. With "
                    + "X-Calibrate-Wait-For it first waits for the catalog and the competitor prices to reach "
                    + "that position.")
    @ErrorResponses({422, 429, 503})
    public ResponseEntity<PriceChangePreview> preview(
            @PathVariable String id, Caller caller,
            @RequestParam(defaultValue = "" + PriceChangeItemReadController.DEFAULT_PAGE_SIZE) int size,
            @RequestHeader(name = EventPositions.WAIT_HEADER, required = false) Long waitFor) {
        PriceChangeId changeId = id(id);
        Paging.of(0, size);
        if (waitFor != null) {
            awaitReadModels(waitFor);
        }
        PreviewRecorded preview = previews.preview(changeId, caller.tenantId(), caller.actor());
        // the preview counted its items: the page need not count them again
        PriceChangeItemPage first = items.firstPage(caller.tenantId(), changeId, size, preview.summary().items());
        return ResponseEntity.ok().header(EventPositions.HEADER, Long.toString(positions.head()))
                .body(new PriceChangePreview(changeId.toString(), PriceChangeState.PREVIEWED, preview.previewHash(),
                        PriceChangePreviewSummary.of(preview.summary(), preview.size()), first.items(), 0, size,
                        first.total(), approvalNeed(preview.approvalNeed())));
    }

    private static PriceChangeApprovalNeed approvalNeed(ApprovalNeed need) {
        return need == null ? null : new PriceChangeApprovalNeed(need.requires().wireName(), need.passed().stream()
                .map(p -> new PriceChangeThresholdPassed(p.threshold(), p.limit(), p.actual())).toList(), null);
    }

    /**
     * Before the aggregate is locked: a preview waits for what it evaluates (this node's catalog, and
     * the competitor prices the query side holds), never while holding it.
     */
    private void awaitReadModels(long position) {
        catalogs.awaitPosition(position);
        try {
            queries.query(new AwaitCompetitors(position), Boolean.class).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException || cause instanceof QueryExecutionException) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException failure ? failure : e;
        }
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
