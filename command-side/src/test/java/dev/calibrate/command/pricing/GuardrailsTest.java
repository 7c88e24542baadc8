package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck.Result;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.everything;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.money;
import static dev.calibrate.command.pricing.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

class GuardrailsTest {

    private static ItemResult evaluate(TenantPolicy policy, CatalogItem product, String steps) {
        return only(new PricingEngine().evaluate(everything("USD", steps), policy, List.of(product),
                CompetitorObservations.none(), NOW));
    }

    private static TenantPolicy maxChange(String decrease, String increase) {
        return new TenantPolicy(decrease == null ? null : new BigDecimal(decrease),
                increase == null ? null : new BigDecimal(increase), Map.of(), Map.of(), null, false, false);
    }

    @Test
    void aDecreaseExactlyAtTheLimitPassesAndOneMinorUnitBeyondIsBlocked() {
        CatalogItem product = item("SKU-1").usd("100.00").build();

        ItemResult atLimit = evaluate(maxChange("30", null), product, "[{'op':'set','amount':'70.00'}]");
        ItemResult beyond = evaluate(maxChange("30", null), product, "[{'op':'set','amount':'69.99'}]");

        assertThat(atLimit.status()).isEqualTo(Status.CHANGE);
        assertThat(atLimit.explain().guardrails()).containsExactly(new GuardrailCheck("maxDecreasePercent 30", Result.PASS));
        assertThat(beyond.status()).isEqualTo(Status.BLOCKED);
        assertThat(beyond.reasons()).containsExactly("breaks guardrail maxDecreasePercent 30");
        assertThat(beyond.explain().guardrails()).containsExactly(new GuardrailCheck("maxDecreasePercent 30", Result.FAIL));
        assertThat(beyond.proposedPrice()).isEqualTo("69.99");
    }

    @Test
    void anIncreaseBeyondTheLimitIsBlocked() {
        CatalogItem product = item("SKU-1").usd("10.00").build();

        assertThat(evaluate(maxChange(null, "50"), product, "[{'op':'percent','value':50}]").status()).isEqualTo(Status.CHANGE);
        assertThat(evaluate(maxChange(null, "50"), product, "[{'op':'add','amount':'5.01'}]").status()).isEqualTo(Status.BLOCKED);
    }

    @Test
    void absoluteFloorAndCeilingApplyInTheirCurrency() {
        TenantPolicy policy = new TenantPolicy(null, null, Map.of("USD", money("5.00", "USD")),
                Map.of("USD", money("500.00", "USD")), null, false, false);
        CatalogItem product = item("SKU-1").usd("10.00").build();

        ItemResult low = evaluate(policy, product, "[{'op':'set','amount':'4.99'}]");
        ItemResult high = evaluate(policy, product, "[{'op':'set','amount':'500.01'}]");
        ItemResult fine = evaluate(policy, product, "[{'op':'set','amount':'500.00'}]");

        assertThat(low.status()).isEqualTo(Status.BLOCKED);
        assertThat(low.explain().guardrails()).containsExactly(
                new GuardrailCheck("floor 5.00", Result.FAIL), new GuardrailCheck("ceiling 500.00", Result.PASS));
        assertThat(high.status()).isEqualTo(Status.BLOCKED);
        assertThat(high.reasons()).containsExactly("breaks guardrail ceiling 500.00");
        assertThat(fine.status()).isEqualTo(Status.CHANGE);
    }

    @Test
    void aFloorInAnotherCurrencyDoesNotApply() {
        TenantPolicy policy = new TenantPolicy(null, null, Map.of("EUR", money("50.00", "EUR")), Map.of(),
                null, false, false);

        ItemResult result = evaluate(policy, item("SKU-1").usd("10.00").build(), "[{'op':'set','amount':'9.00'}]");

        assertThat(result.status()).isEqualTo(Status.CHANGE);
        assertThat(result.explain().guardrails()).isEmpty();
    }

    @Test
    void minimumMarginIsCheckedOverCostAndNotCheckedWithoutOne() {
        TenantPolicy policy = new TenantPolicy(null, null, Map.of(), Map.of(), new BigDecimal("20"), false, false);
        CatalogItem costed = item("SKU-1").usd("40.00").cost("25.00", "USD").build();
        CatalogItem uncosted = item("SKU-2").usd("40.00").build();

        ItemResult blocked = evaluate(policy, costed, "[{'op':'set','amount':'29.99'}]");
        ItemResult passes = evaluate(policy, costed, "[{'op':'set','amount':'30.00'}]");
        ItemResult unchecked = evaluate(policy, uncosted, "[{'op':'set','amount':'1.00'}]");

        assertThat(blocked.status()).isEqualTo(Status.BLOCKED);
        assertThat(blocked.reasons()).containsExactly("breaks guardrail minMarginPercent 20 over cost 25.00");
        assertThat(passes.status()).isEqualTo(Status.CHANGE);
        assertThat(unchecked.status()).isEqualTo(Status.CHANGE);
        assertThat(unchecked.explain().guardrails()).containsExactly(
                new GuardrailCheck("minMarginPercent 20 (no cost in USD)", Result.NOT_CHECKED));
    }

    @Test
    void mapIsEnforcedOnlyWhenThePolicySaysSoAndTheProductHasOne() {
        TenantPolicy enforcing = new TenantPolicy(null, null, Map.of(), Map.of(), null, true, false);
        CatalogItem withMap = item("SKU-1").usd("30.00").map("24.99", "USD").build();
        CatalogItem withoutMap = item("SKU-2").usd("30.00").build();

        assertThat(evaluate(enforcing, withMap, "[{'op':'set','amount':'24.98'}]").reasons())
                .containsExactly("breaks guardrail MAP 24.99");
        assertThat(evaluate(enforcing, withMap, "[{'op':'set','amount':'24.99'}]").status()).isEqualTo(Status.CHANGE);
        assertThat(evaluate(enforcing, withoutMap, "[{'op':'set','amount':'1.00'}]").status()).isEqualTo(Status.CHANGE);
        assertThat(evaluate(TenantPolicy.unrestricted(), withMap, "[{'op':'set','amount':'1.00'}]").status())
                .isEqualTo(Status.CHANGE);
    }

    @Test
    void everyBrokenGuardrailIsNamed() {
        TenantPolicy policy = new TenantPolicy(new BigDecimal("10"), new BigDecimal("10"),
                Map.of("USD", money("20.00", "USD")), Map.of(), new BigDecimal("50"), true, false);
        CatalogItem product = item("SKU-1").usd("40.00").cost("20.00", "USD").map("35.00", "USD").build();

        ItemResult result = evaluate(policy, product, "[{'op':'set','amount':'19.00'}]");

        assertThat(result.status()).isEqualTo(Status.BLOCKED);
        assertThat(result.reasons()).containsExactly("breaks guardrail maxDecreasePercent 10", "breaks guardrail floor 20.00",
                "breaks guardrail minMarginPercent 50 over cost 20.00", "breaks guardrail MAP 35.00");
        assertThat(result.explain().guardrails()).extracting(GuardrailCheck::result)
                .containsExactly(Result.FAIL, Result.PASS, Result.FAIL, Result.FAIL, Result.FAIL);
    }

    @Test
    void anUnchangedPriceIsNoChangeEvenWhenItAlreadyBreaksAGuardrail() {
        TenantPolicy policy = new TenantPolicy(null, null, Map.of("USD", money("50.00", "USD")), Map.of(),
                null, false, false);

        ItemResult result = evaluate(policy, item("SKU-1").usd("40.00").build(), "[{'op':'percent','value':0}]");

        assertThat(result.status()).isEqualTo(Status.NO_CHANGE);
        assertThat(result.explain().guardrails()).containsExactly(new GuardrailCheck("floor 50.00", Result.FAIL));
    }
}
