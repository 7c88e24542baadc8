package dev.calibrate.query.pricechange;

import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.query.channel.ChannelQueries;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Price change reads. Run inside {@link dev.calibrate.query.consistency.TenantReads}: row-level
 * security limits them to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class PriceChangeQueries {

    /** Newest first; the id breaks ties, so pages never overlap or skip. */
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("priceChangeId"));

    private final PriceChangeViewRepository views;
    private final ChannelQueries channels;

    PriceChangeQueries(PriceChangeViewRepository views, ChannelQueries channels) {
        this.views = views;
        this.channels = channels;
    }

    /** A page of price changes, of one state or ({@code state} null) of all; items leave out the rule. */
    public Map<String, Object> list(PriceChangeState state, Paging paging) {
        PageRequest request = PageRequest.of(paging.page(), paging.size(), NEWEST_FIRST);
        Page<PriceChangeView> found = state == null ? views.findAll(request) : views.findByState(state, request);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", found.getContent().stream().map(PriceChangeQueries::describe).toList());
        page.put("page", paging.page());
        page.put("size", paging.size());
        page.put("total", found.getTotalElements());
        return page;
    }

    /**
     * One price change with its rule and, per channel Calibrate writes to, how many of its products
     * the channel holds the price of ({@code channelSync}: pending, synced, failed, superseded).
     */
    public Map<String, Object> get(PriceChangeId id) {
        PriceChangeView view = views.findById(id.value()).orElseThrow(() -> new NotFound("price change"));
        Map<String, Object> change = describe(view);
        change.put("rule", view.getRule());
        change.put("channelSync", channels.syncCounts(id));
        return change;
    }

    private static Map<String, Object> describe(PriceChangeView view) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("id", view.getPriceChangeId());
        change.put("name", view.getName());
        change.put("state", view.getState().name());
        change.put("scheduleAt", view.getScheduleAt());
        change.put("expiresAt", view.getExpiresAt());
        change.put("note", view.getNote());
        change.put("author", view.getAuthor());
        change.put("lastEditor", view.getLastEditor());
        change.put("approver", view.getApprover());
        change.put("approval", approval(view));
        change.put("rejectedBy", view.getRejectedBy());
        change.put("rejectionReason", view.getRejectionReason());
        change.put("previewHash", view.getPreviewHash());
        change.put("preview", preview(view));
        change.put("applied", view.getApplied());
        change.put("conflicts", view.getConflicts());
        change.put("rolledBack", view.getRolledBack());
        change.put("rollbackConflicts", view.getRollbackConflicts());
        change.put("createdAt", view.getCreatedAt());
        change.put("updatedAt", view.getUpdatedAt());
        change.put("previewedAt", view.getPreviewedAt());
        change.put("submittedAt", view.getSubmittedAt());
        change.put("approvedAt", view.getApprovedAt());
        change.put("rejectedAt", view.getRejectedAt());
        change.put("cancelledAt", view.getCancelledAt());
        change.put("scheduledAt", view.getScheduledAt());
        change.put("applyStartedAt", view.getApplyStartedAt());
        change.put("appliedAt", view.getAppliedAt());
        change.put("rollbackStartedAt", view.getRollbackStartedAt());
        change.put("rolledBackAt", view.getRolledBackAt());
        change.put("failedRun", failedRun(view));
        change.put("abandonedBy", view.getAbandonedBy());
        change.put("abandonedAt", view.getAbandonedAt());
        change.put("version", view.getVersion());
        return change;
    }

    /**
     * Who approved, as which person, and whether it was the author approving their own change (which
     * only the tenant's self-approval policy allows); null until approved.
     */
    private static Map<String, Object> approval(PriceChangeView view) {
        if (view.getApprover() == null) {
            return null;
        }
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("by", view.getApprover());
        approval.put("subject", view.getApproverSubject());
        approval.put("selfApproved", Boolean.TRUE.equals(view.getSelfApproved()));
        approval.put("at", view.getApprovedAt());
        return approval;
    }

    /** The run that ended FAILED and why; it stays once the run was retried or abandoned, as the change's history. */
    private static Map<String, Object> failedRun(PriceChangeView view) {
        if (view.getFailedRun() == null) {
            return null;
        }
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("kind", view.getFailedRun());
        failed.put("attempts", view.getFailedAttempts());
        failed.put("reason", view.getFailureReason());
        failed.put("at", view.getFailedAt());
        return failed;
    }

    /** The current preview's summary, or null when there is none (never previewed, or voided by an edit). */
    private static Map<String, Object> preview(PriceChangeView view) {
        if (view.getPreviewHash() == null) {
            return null;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("items", view.getPreviewItems());
        summary.put("change", view.getPreviewChange());
        summary.put("noChange", view.getPreviewNoChange());
        summary.put("blocked", view.getPreviewBlocked());
        summary.put("skipped", view.getPreviewSkipped());
        summary.put("minDeltaPercent", decimal(view.getPreviewMinDeltaPercent()));
        summary.put("medianDeltaPercent", decimal(view.getPreviewMedianDeltaPercent()));
        summary.put("maxDeltaPercent", decimal(view.getPreviewMaxDeltaPercent()));
        return summary;
    }

    /** Percents leave as decimal strings, like money ("-15.02"). */
    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
