package dev.calibrate.command.pricechange;

import dev.calibrate.kernel.message.TenantCommand;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A preview in two commands, so that no transaction (and no pooled connection) is open while the rule
 * is evaluated: the aggregate first says whether the change may be previewed and with which rule, then
 * records what that rule gave. They carry the engine's own types, so only the command side sends them.
 */
final class PreviewCommands {

    private PreviewCommands() {
    }

    /**
     * Answers the rule to evaluate, as last defined. {@code onlyIfDraft}: refused unless the change is a DRAFT
     * (a system retry must not replace the preview a person made, and maybe edited, meanwhile).
     */
    record StartPreview(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by, boolean onlyIfDraft)
            implements TenantCommand {

        StartPreview(PriceChangeId id, TenantId tenantId, Actor by) {
            this(id, tenantId, by, false);
        }
    }

    /**
     * Answers the {@code PreviewRecorded}; refused if the change was edited since {@link StartPreview}, and with
     * {@code onlyIfDraft} if it is no longer a DRAFT (a person previewed it while this preview was computed).
     */
    record RecordPreview(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by,
                         PreviewCalculator.Computed preview, boolean onlyIfDraft) implements TenantCommand {

        RecordPreview(PriceChangeId id, TenantId tenantId, Actor by, PreviewCalculator.Computed preview) {
            this(id, tenantId, by, preview, false);
        }
    }
}
