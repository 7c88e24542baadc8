package dev.calibrate.command.pricing;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.util.List;

/**
 * The guardrails an analyst's price override is held to: the engine's own {@link Guardrails}, over the
 * cost and the brand floor in force (MAP, active PMAP or LRP) the preview saw for the item, so an override
 * below a floor is BLOCKED as the rule's price would have been. The brand floor is judged at the preview's
 * clock, as the rule's price was; apply checks the floor in force again (docs/pricing-rules.md).
 */
public final class OverrideGuardrails {

    private OverrideGuardrails() {
    }

    /** Every configured guardrail's result for {@code proposed}; {@code cost} and {@code brandFloor} may be null. */
    public static List<GuardrailCheck> check(TenantPolicy policy, ProductId productId, String sku, String currency,
                                             BigDecimal current, BigDecimal proposed, BigDecimal cost,
                                             BrandFloor brandFloor) {
        CatalogItem item = new CatalogItem(productId, sku, sku, null, null, List.of(), null, true,
                cost == null ? null : new Money(cost, currency), null, null, null);
        return Guardrails.check(policy, item, currency, current, proposed, brandFloor);
    }

    /** The rules of the checks that failed. */
    public static List<String> broken(List<GuardrailCheck> checks) {
        return Guardrails.broken(checks);
    }
}
