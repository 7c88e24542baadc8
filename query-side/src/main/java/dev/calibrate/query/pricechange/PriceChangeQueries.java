package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeApprovalNeed;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeFirstApproval;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeThresholdPassed;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.Paging;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.query.channel.ChannelQueries;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeApprovalDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeCurrentPreview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeFailedRun;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverview;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeOverviewPage;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Price change reads. Run inside {@link dev.calibrate.kernel.tenant.TenantScope#read}: row-level
 * security limits them to the caller's tenant, so none of them filters by tenant itself.
 */
@Component
public class PriceChangeQueries {

    /** Reads back the approval need the projection wrote: plain records and an enum, no module needed. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Newest first; the id breaks ties, so pages never overlap or skip. */
    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("priceChangeId"));

    private final PriceChangeViewRepository views;
    private final ChannelQueries channels;
    private final NamedParameterJdbcTemplate sql;

    PriceChangeQueries(PriceChangeViewRepository views, ChannelQueries channels, NamedParameterJdbcTemplate sql) {
        this.views = views;
        this.channels = channels;
        this.sql = sql;
    }

    /** A page of price changes, of one state or ({@code state} null) of all; items leave out the rule. */
    public PriceChangeOverviewPage list(PriceChangeState state, Paging paging) {
        PageRequest request = PageRequest.of(paging.page(), paging.size(), NEWEST_FIRST);
        Page<PriceChangeView> found = state == null ? views.findAll(request) : views.findByState(state, request);
        return new PriceChangeOverviewPage(found.getContent().stream().map(PriceChangeQueries::describe).toList(),
                paging.page(), paging.size(), found.getTotalElements());
    }

    /** A price change's place in newest-first order: where a keyset window starts or ends. */
    public record NewestFirstPosition(Instant createdAt, UUID id) {
    }

    /**
     * Up to {@code limit} price changes newest first (created, then id, as {@link #list}), of one state
     * or all, after (older than) {@code after} and before (newer than) {@code before} when given: the first
     * ones of that range, or with {@code fromEnd} the last ones (still answered newest first). A keyset, so
     * walking every change reads each once and a change created meanwhile neither repeats nor hides another.
     * The ids by keyset, then their rows.
     */
    public List<PriceChangeOverview> window(PriceChangeState state, NewestFirstPosition after,
                                            NewestFirstPosition before, int limit, boolean fromEnd) {
        StringBuilder where = new StringBuilder(" WHERE true");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (state != null) {
            where.append(" AND state = :state");
            params.addValue("state", state.name());
        }
        if (after != null) {
            where.append(" AND (created_at, price_change_id) < (:afterAt, :afterId)");
            params.addValue("afterAt", after.createdAt().atOffset(ZoneOffset.UTC)).addValue("afterId", after.id());
        }
        if (before != null) {
            where.append(" AND (created_at, price_change_id) > (:beforeAt, :beforeId)");
            params.addValue("beforeAt", before.createdAt().atOffset(ZoneOffset.UTC))
                    .addValue("beforeId", before.id());
        }
        String order = fromEnd ? " ORDER BY created_at, price_change_id"
                : " ORDER BY created_at DESC, price_change_id DESC";
        List<UUID> ids = new ArrayList<>(sql.queryForList("SELECT price_change_id FROM price_change_view" + where
                + order + " LIMIT :limit", params, UUID.class));
        if (fromEnd) {
            Collections.reverse(ids);
        }
        Map<UUID, PriceChangeView> found = new HashMap<>();
        views.findAllById(ids).forEach(view -> found.put(view.getPriceChangeId(), view));
        return ids.stream().filter(found::containsKey).map(id -> describe(found.get(id))).toList();
    }

    /**
     * One price change with its rule and, per channel Calibrate writes to, how many of its products
     * the channel holds the price of ({@code channelSync}: pending, synced, failed, superseded).
     */
    public PriceChangeDetail get(PriceChangeId id) {
        PriceChangeView view = views.findById(id.value()).orElseThrow(() -> new NotFound("price change"));
        return PriceChangeDetail.of(describe(view), view.getRule(), view.getRuleRef(), channels.syncCounts(id));
    }

    /**
     * One price change with its rule but no channel counts ({@code channelSync} empty): for a read about
     * one product of a change, which should not count the sync states of all its items.
     */
    public PriceChangeDetail getWithoutChannelSync(PriceChangeId id) {
        PriceChangeView view = views.findById(id.value()).orElseThrow(() -> new NotFound("price change"));
        return PriceChangeDetail.of(describe(view), view.getRule(), view.getRuleRef(), Map.of());
    }

    private static PriceChangeOverview describe(PriceChangeView view) {
        return new PriceChangeOverview(view.getPriceChangeId(), view.getName(), view.getState(), view.getScheduleAt(),
                view.getExpiresAt(), view.getNote(), view.getAuthor(), view.getLastEditor(), view.getApprover(),
                approval(view), view.getRejectedBy(), view.getRejectionReason(), view.getPreviewHash(), preview(view),
                view.getApplied(), view.getConflicts(), view.getRolledBack(), view.getRollbackConflicts(),
                view.getCreatedAt(), view.getUpdatedAt(), view.getPreviewedAt(), view.getSubmittedAt(),
                view.getApprovedAt(), view.getRejectedAt(), view.getCancelledAt(), view.getScheduledAt(),
                view.getApplyStartedAt(), view.getAppliedAt(), view.getRollbackStartedAt(), view.getRolledBackAt(),
                failedRun(view), view.getAbandonedBy(), view.getAbandonedAt(), view.getVersion(), approvalNeed(view));
    }

    /** What the preview passed of the approval thresholds, and the first of two approvals; null when nothing. */
    private static PriceChangeApprovalNeed approvalNeed(PriceChangeView view) {
        if (view.getApprovalNeed() == null) {
            return null;
        }
        ApprovalNeed need;
        try {
            need = JSON.readValue(view.getApprovalNeed(), ApprovalNeed.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("price_change_view.approval_need holds what the projection wrote", e);
        }
        PriceChangeFirstApproval first = view.getFirstApprover() == null ? null
                : new PriceChangeFirstApproval(view.getFirstApprover(), view.getFirstApproverSubject(),
                        view.getFirstApprovedAt());
        return new PriceChangeApprovalNeed(need.requires().wireName(), need.passed().stream()
                .map(p -> new PriceChangeThresholdPassed(p.threshold(), p.limit(), p.actual())).toList(), first);
    }

    /**
     * Who approved, as which person, and whether it was the author approving their own change (which
     * only the tenant's self-approval policy allows); null until approved.
     */
    private static PriceChangeApprovalDetail approval(PriceChangeView view) {
        if (view.getApprover() == null) {
            return null;
        }
        return new PriceChangeApprovalDetail(view.getApprover(), view.getApproverSubject(),
                Boolean.TRUE.equals(view.getSelfApproved()), view.getApprovedAt());
    }

    /** The run that ended FAILED and why; it stays once the run was retried or abandoned, as the change's history. */
    private static PriceChangeFailedRun failedRun(PriceChangeView view) {
        FailedRunColumns failed = view.getFailedRun();
        if (failed.getRun() == null) {
            return null;
        }
        return new PriceChangeFailedRun(failed.getRun(), failed.getAttempts(), failed.getReason(), failed.getAt());
    }

    /** The current preview's summary, or null when there is none (never previewed, or voided by an edit). */
    private static PriceChangeCurrentPreview preview(PriceChangeView view) {
        if (view.getPreviewHash() == null) {
            return null;
        }
        PreviewSummaryColumns summary = view.getPreviewSummary();
        return new PriceChangeCurrentPreview(summary.getItems(), summary.getChange(),
                summary.getNoChange(), summary.getBlocked(), summary.getSkipped(),
                decimal(summary.getMinDeltaPercent()), decimal(summary.getMedianDeltaPercent()),
                decimal(summary.getMaxDeltaPercent()), summary.getAnomalous(),
                decimal(summary.getLargestDecreasePercent()), decimal(summary.getRevenueImpact()));
    }

    /** Percents leave as decimal strings, like money ("-15.02"). */
    private static String decimal(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}
