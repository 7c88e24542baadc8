package dev.calibrate.command.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewRecorded;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Instant;

/** Evaluates a change's rule over the tenant's catalog and stores the items, replacing any earlier preview. */
@FunctionalInterface
public interface PreviewCalculator {
    PreviewRecorded preview(PriceChangeId id, TenantId tenantId, JsonNode rule, Instant now);
}
