package dev.calibrate.query.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * One price change: its definition, state, the people involved, its current preview and its run outcomes.
 * Read only: {@link PriceChangeProjection} writes the table.
 */
@Entity
@Immutable
@Table(name = "price_change_view")
public class PriceChangeView {

    @Id
    @Column(name = "price_change_id")
    private UUID priceChangeId;
    @Column(name = "tenant_id")
    private UUID tenantId;
    private String name;
    @Enumerated(EnumType.STRING)
    private PriceChangeState state;
    @JdbcTypeCode(SqlTypes.JSON)
    private JsonNode rule;
    @Column(name = "schedule_at")
    private Instant scheduleAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    private String note;
    private String author;
    @Column(name = "last_editor")
    private String lastEditor;
    private String approver;
    @Column(name = "approver_subject")
    private String approverSubject;
    @Column(name = "self_approved")
    private Boolean selfApproved;
    @Column(name = "rejected_by")
    private String rejectedBy;
    @Column(name = "rejection_reason")
    private String rejectionReason;
    @Column(name = "preview_hash")
    private String previewHash;
    /** The current preview's counts and spread; read together, as one summary. */
    @Embedded
    private PreviewSummaryColumns previewSummary;
    /** The preview's ApprovalNeed as JSON text; null when it passed no threshold. */
    @Column(name = "approval_need")
    private String approvalNeed;
    @Column(name = "first_approver")
    private String firstApprover;
    @Column(name = "first_approver_subject")
    private String firstApproverSubject;
    @Column(name = "first_approved_at")
    private Instant firstApprovedAt;
    private Integer applied;
    private Integer conflicts;
    @Column(name = "rolled_back")
    private Integer rolledBack;
    @Column(name = "rollback_conflicts")
    private Integer rollbackConflicts;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "previewed_at")
    private Instant previewedAt;
    @Column(name = "submitted_at")
    private Instant submittedAt;
    @Column(name = "approved_at")
    private Instant approvedAt;
    @Column(name = "rejected_at")
    private Instant rejectedAt;
    @Column(name = "cancelled_at")
    private Instant cancelledAt;
    @Column(name = "scheduled_at")
    private Instant scheduledAt;
    @Column(name = "apply_started_at")
    private Instant applyStartedAt;
    @Column(name = "applied_at")
    private Instant appliedAt;
    @Column(name = "rollback_started_at")
    private Instant rollbackStartedAt;
    @Column(name = "rolled_back_at")
    private Instant rolledBackAt;
    @Embedded
    private FailedRunColumns failedRun;
    @Column(name = "abandoned_by")
    private String abandonedBy;
    @Column(name = "abandoned_at")
    private Instant abandonedAt;
    /** The saved rule version the rule was taken from; null for a rule written into the change. */
    @Column(name = "rule_id")
    private UUID ruleId;
    @Column(name = "rule_version")
    private Integer ruleVersion;
    private long version;

    protected PriceChangeView() {
    }

    public UUID getPriceChangeId() {
        return priceChangeId;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }

    public PriceChangeState getState() {
        return state;
    }

    public JsonNode getRule() {
        return rule;
    }

    public Instant getScheduleAt() {
        return scheduleAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getNote() {
        return note;
    }

    public String getAuthor() {
        return author;
    }

    public String getLastEditor() {
        return lastEditor;
    }

    public String getApprover() {
        return approver;
    }

    public String getApproverSubject() {
        return approverSubject;
    }

    public Boolean getSelfApproved() {
        return selfApproved;
    }

    /** Never null: a change whose runs never failed has empty columns. */
    public FailedRunColumns getFailedRun() {
        return failedRun == null ? new FailedRunColumns() : failedRun;
    }

    public String getAbandonedBy() {
        return abandonedBy;
    }

    public Instant getAbandonedAt() {
        return abandonedAt;
    }

    public String getRejectedBy() {
        return rejectedBy;
    }

    public String getRejectionReason() {
        return rejectionReason;
    }

    public String getPreviewHash() {
        return previewHash;
    }

    /** The current preview's summary columns; all null when there is none. */
    public PreviewSummaryColumns getPreviewSummary() {
        return previewSummary == null ? new PreviewSummaryColumns() : previewSummary;
    }

    public String getApprovalNeed() {
        return approvalNeed;
    }

    public String getFirstApprover() {
        return firstApprover;
    }

    public String getFirstApproverSubject() {
        return firstApproverSubject;
    }

    public Instant getFirstApprovedAt() {
        return firstApprovedAt;
    }

    public Integer getApplied() {
        return applied;
    }

    public Integer getConflicts() {
        return conflicts;
    }

    public Integer getRolledBack() {
        return rolledBack;
    }

    public Integer getRollbackConflicts() {
        return rollbackConflicts;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getPreviewedAt() {
        return previewedAt;
    }

    public Instant getSubmittedAt() {
        return submittedAt;
    }

    public Instant getApprovedAt() {
        return approvedAt;
    }

    public Instant getRejectedAt() {
        return rejectedAt;
    }

    public Instant getCancelledAt() {
        return cancelledAt;
    }

    public Instant getScheduledAt() {
        return scheduledAt;
    }

    public Instant getApplyStartedAt() {
        return applyStartedAt;
    }

    public Instant getAppliedAt() {
        return appliedAt;
    }

    public Instant getRollbackStartedAt() {
        return rollbackStartedAt;
    }

    public Instant getRolledBackAt() {
        return rolledBackAt;
    }

    public long getVersion() {
        return version;
    }

    /** The saved rule version the change's rule was taken from, if it was. */
    public PriceChangeReadApi.PriceChangeRuleRef getRuleRef() {
        return ruleId == null ? null : new PriceChangeReadApi.PriceChangeRuleRef(ruleId, ruleVersion);
    }
}
