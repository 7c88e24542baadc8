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

    /** Answers the rule to evaluate, as last defined. */
    record StartPreview(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by)
            implements TenantCommand {
    }

    /** Answers the {@code PreviewRecorded}; refused if the change was edited since {@link StartPreview}. */
    record RecordPreview(@TargetAggregateIdentifier PriceChangeId id, TenantId tenantId, Actor by,
                         PreviewCalculator.Computed preview) implements TenantCommand {
    }
}
