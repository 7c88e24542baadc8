package dev.calibrate.command.pricechange.approval;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.pricechange.PriceChangeState;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ApprovalNeed;
import dev.calibrate.kernel.tenant.ApprovalThresholds.ThresholdPassed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An approval a change over an approval threshold does not take: from its author or from an approver
 * without the admin role (403), or a second one from its first approver (409). The problem body
 * names what the change needs ({@code requires}) and the thresholds it passed.
 */
public final class ApprovalRefused extends Rejection {

    private final Kind kind;
    private final ApprovalNeed need;

    private ApprovalRefused(Kind kind, ApprovalNeed need, String message) {
        super(message);
        this.kind = kind;
        this.need = need;
    }

    static ApprovalRefused author(Object id, ApprovalNeed need) {
        return new ApprovalRefused(Kind.FORBIDDEN, need, "price change " + id + " passed " + passed(need)
                + ": its author may not approve it, whatever the self-approval policy");
    }

    static ApprovalRefused notAdmin(Object id, ApprovalNeed need) {
        return new ApprovalRefused(Kind.FORBIDDEN, need, "price change " + id + " passed " + passed(need)
                + ": it needs an approver with the admin role");
    }

    static ApprovalRefused sameApproverTwice(Object id, ApprovalNeed need) {
        return new ApprovalRefused(Kind.CONFLICT, need, "price change " + id + " passed " + passed(need)
                + " and needs two distinct approvers: you gave its first approval, another person must give the second");
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public Map<String, Object> problemProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("state", PriceChangeState.SUBMITTED.name());
        properties.put("requires", need.requires().wireName());
        properties.put("thresholdsPassed", need.passed().stream().map(ThresholdPassed::threshold).toList());
        return properties;
    }

    private static String passed(ApprovalNeed need) {
        List<String> each = need.passed().stream()
                .map(p -> p.threshold() + " " + p.limit() + " (it is " + p.actual() + ")").toList();
        return "the approval threshold" + (each.size() > 1 ? "s " : " ") + String.join(" and ", each);
    }
}
