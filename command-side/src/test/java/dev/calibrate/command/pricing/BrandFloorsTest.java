package dev.calibrate.command.pricing;

import dev.calibrate.command.catalog.CatalogColumnsOf;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.compiled.CompiledRule;
import dev.calibrate.command.pricing.compiled.PreviewEvaluation;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck.Result;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.everything;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.money;
import static dev.calibrate.command.pricing.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brand floors at the evaluation instant: LRP, else an active PMAP, else MAP; each case through the
 * interpreted engine and the compiled one, which must agree on the whole item and its explain.
 */
class BrandFloorsTest {

    private static final TenantPolicy ENFORCED = new TenantPolicy(null, null, Map.of(), Map.of(), null, true, false);
    private static final TenantPolicy NOT_ENFORCED = new TenantPolicy(null, null, Map.of(), Map.of(), null, false, false);
    private static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));
    private static final Instant IN_A_DAY = NOW.plus(Duration.ofDays(1));

    private static ItemResult evaluate(TenantPolicy policy, CatalogItem product, String steps) {
        return evaluate(policy, product, steps, CompetitorObservations.none());
    }

    /** The engine's item, after checking the compiled rule renders exactly the same one. */
    private static ItemResult evaluate(TenantPolicy policy, CatalogItem product, String steps,
                                       CompetitorObservations competitors) {
        Rule rule = everything("USD", steps);
        ItemResult engine = only(new PricingEngine().evaluate(rule, policy, List.of(product), competitors, NOW));
        PreviewEvaluation compiled = new CompiledRule(rule, policy, competitors, NOW, Deadline.NONE)
                .evaluate(CatalogColumnsOf.items(List.of(product)));
        assertThat(compiled.items()).hasSize(1);
        assertThat(compiled.items().get(0).toResult(compiled.frame())).isEqualTo(engine);
        return engine;
    }

    private static String set(String amount) {
        return "[{'op':'set','amount':'" + amount + "'}]";
    }

    @Test
    void aPriceBelowTheMapIsBlockedAndOneAtItPasses() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").build();

        ItemResult below = evaluate(ENFORCED, product, set("19.98"));
        ItemResult at = evaluate(ENFORCED, product, set("19.99"));

        assertThat(below.status()).isEqualTo(Status.BLOCKED);
        assertThat(below.reasons()).containsExactly("breaks guardrail MAP 19.99");
        assertThat(at.status()).isEqualTo(Status.CHANGE);
        assertThat(at.explain().guardrails()).containsExactly(new GuardrailCheck("MAP 19.99", Result.PASS));
    }

    @Test
    void anActivePmapTakesThePlaceOfTheMap() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").pmap("17.99", "USD", DAY_AGO, IN_A_DAY)
                .build();

        ItemResult onPromotion = evaluate(ENFORCED, product, set("18.00"));
        ItemResult belowPromotion = evaluate(ENFORCED, product, set("17.98"));

        assertThat(onPromotion.status()).isEqualTo(Status.CHANGE);
        assertThat(onPromotion.explain().guardrails())
                .containsExactly(new GuardrailCheck("PMAP 17.99 until 2026-11-27T12:00:00Z", Result.PASS));
        assertThat(belowPromotion.status()).isEqualTo(Status.BLOCKED);
        assertThat(belowPromotion.reasons()).containsExactly("breaks guardrail PMAP 17.99 until 2026-11-27T12:00:00Z");
    }

    @Test
    void aPmapOutsideItsWindowLeavesTheMap() {
        CatalogItem expired = item("SKU-1").usd("25.00").map("19.99", "USD")
                .pmap("17.99", "USD", NOW.minus(Duration.ofDays(3)), DAY_AGO).build();
        CatalogItem notYet = item("SKU-2").usd("25.00").map("19.99", "USD").pmap("17.99", "USD", IN_A_DAY,
                NOW.plus(Duration.ofDays(3))).build();
        // the window is [from, until): it ends exactly now, so it is over
        CatalogItem endsNow = item("SKU-3").usd("25.00").map("19.99", "USD").pmap("17.99", "USD", DAY_AGO, NOW).build();

        for (CatalogItem product : List.of(expired, notYet, endsNow)) {
            ItemResult result = evaluate(ENFORCED, product, set("18.00"));
            assertThat(result.status()).as(product.sku()).isEqualTo(Status.BLOCKED);
            assertThat(result.reasons()).as(product.sku()).containsExactly("breaks guardrail MAP 19.99");
        }
    }

    @Test
    void aPmapStartingExactlyNowIsInForce() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").pmap("17.99", "USD", NOW, IN_A_DAY).build();

        assertThat(evaluate(ENFORCED, product, set("18.00")).status()).isEqualTo(Status.CHANGE);
    }

    @Test
    void aPmapWithoutAMapIsNoFloorOutsideItsWindow() {
        CatalogItem product = item("SKU-1").usd("25.00").pmap("17.99", "USD", IN_A_DAY, NOW.plus(Duration.ofDays(3)))
                .build();

        ItemResult result = evaluate(ENFORCED, product, set("5.00"));

        assertThat(result.status()).isEqualTo(Status.CHANGE);
        assertThat(result.explain().guardrails()).isEmpty();
    }

    @Test
    void theLrpBeatsAnActivePmapAndTheMap() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").pmap("17.99", "USD", DAY_AGO, IN_A_DAY)
                .lrp("21.00", "USD").build();

        ItemResult result = evaluate(ENFORCED, product, set("20.00"));

        assertThat(result.status()).isEqualTo(Status.BLOCKED);
        assertThat(result.reasons()).containsExactly("breaks guardrail LRP 21.00");
        assertThat(evaluate(ENFORCED, product, set("21.00")).status()).isEqualTo(Status.CHANGE);
    }

    @Test
    void aBrandFloorAboveTheCeilingBlocksWhateverThePrice() {
        TenantPolicy ceiling = new TenantPolicy(null, null, Map.of(), Map.of("USD", money("20.00", "USD")), null, true,
                false);
        CatalogItem product = item("SKU-1").usd("25.00").map("22.00", "USD").build();

        ItemResult result = evaluate(ceiling, product, set("20.00"));

        assertThat(result.status()).isEqualTo(Status.BLOCKED);
        assertThat(result.reasons()).containsExactly("breaks guardrail MAP 22.00", "breaks guardrail floor above ceiling");
        assertThat(result.explain().guardrails()).containsExactly(new GuardrailCheck("ceiling 20.00", Result.PASS),
                new GuardrailCheck("MAP 22.00", Result.FAIL), new GuardrailCheck("floor above ceiling", Result.FAIL));
    }

    @Test
    void aMarginFloorAboveTheCeilingBlocksToo() {
        TenantPolicy policy = new TenantPolicy(null, null, Map.of(), Map.of("USD", money("20.00", "USD")),
                new java.math.BigDecimal("50"), true, false);
        CatalogItem product = item("SKU-1").usd("25.00").cost("14.00", "USD").build();

        ItemResult result = evaluate(policy, product, set("20.00"));

        assertThat(result.status()).isEqualTo(Status.BLOCKED);
        assertThat(result.reasons()).contains("breaks guardrail floor above ceiling");
    }

    @Test
    void aFloorBelowTheCeilingAddsNoCheck() {
        TenantPolicy ceiling = new TenantPolicy(null, null, Map.of(), Map.of("USD", money("30.00", "USD")), null, true,
                false);
        CatalogItem product = item("SKU-1").usd("25.00").map("22.00", "USD").build();

        ItemResult result = evaluate(ceiling, product, set("23.00"));

        assertThat(result.status()).isEqualTo(Status.CHANGE);
        assertThat(result.explain().guardrails()).containsExactly(new GuardrailCheck("ceiling 30.00", Result.PASS),
                new GuardrailCheck("MAP 22.00", Result.PASS));
    }

    @Test
    void matchCompetitorHoldsAtTheBrandFloorAndSaysSo() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").build();
        CompetitorObservations competitors = new CompetitorObservations(Map.of(product.productId(),
                List.of(new Observation("bolt", money("15.00", "USD"), NOW.minus(Duration.ofHours(1))))));

        ItemResult result = evaluate(ENFORCED, product, "[{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}]", competitors);

        assertThat(result.status()).isEqualTo(Status.CHANGE);
        assertThat(result.proposedPrice()).isEqualByComparingTo("19.99");
        assertThat(result.explain().steps().get(0).detail())
                .endsWith("; held at MAP 19.99: never follows a competitor below the brand floor");
    }

    @Test
    void matchCompetitorHoldsAtTheHighestOfTheBrandPolicyAndMarginFloorsNamingIt() {
        CatalogItem product = item("SKU-1").usd("25.00").cost("14.00", "USD").map("16.00", "USD").build();
        CompetitorObservations competitors = new CompetitorObservations(Map.of(product.productId(),
                List.of(new Observation("bolt", money("12.00", "USD"), NOW.minus(Duration.ofHours(1))))));
        String match = "[{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}]";
        // margin 14.00 × 1.205 = 16.87 (16.870), above the MAP 16.00 and the policy floor 16.50
        TenantPolicy margin = new TenantPolicy(null, null, Map.of("USD", money("16.50", "USD")), Map.of(),
                new java.math.BigDecimal("20.5"), true, false);
        TenantPolicy policyFloor = new TenantPolicy(null, null, Map.of("USD", money("17.25", "USD")), Map.of(),
                new java.math.BigDecimal("20.5"), true, false);
        TenantPolicy brandTies = new TenantPolicy(null, null, Map.of("USD", money("16.00", "USD")), Map.of(), null,
                true, false);
        // a margin floor with more decimals than the currency is held at the next minor unit up
        TenantPolicy oddMargin = new TenantPolicy(null, null, Map.of(), Map.of(), new java.math.BigDecimal("20.01"),
                false, false);

        ItemResult byMargin = evaluate(margin, product, match, competitors);
        ItemResult byPolicy = evaluate(policyFloor, product, match, competitors);
        ItemResult byBrand = evaluate(brandTies, product, match, competitors);
        ItemResult rounded = evaluate(oddMargin, product, match, competitors);

        assertThat(byMargin.status()).isEqualTo(Status.CHANGE);
        assertThat(byMargin.proposedPrice()).isEqualByComparingTo("16.87");
        assertThat(byMargin.explain().steps().get(0).detail())
                .endsWith("; held at the margin floor 16.87: never follows a competitor below the effective floor");
        assertThat(byPolicy.status()).isEqualTo(Status.CHANGE);
        assertThat(byPolicy.proposedPrice()).isEqualByComparingTo("17.25");
        assertThat(byPolicy.explain().steps().get(0).detail())
                .endsWith("; held at the policy floor 17.25: never follows a competitor below the effective floor");
        assertThat(byBrand.proposedPrice()).isEqualByComparingTo("16.00");
        assertThat(byBrand.explain().steps().get(0).detail())
                .endsWith("; held at MAP 16.00: never follows a competitor below the brand floor");
        // 14.00 × 1.2001 = 16.8014: 16.81 has the margin, 16.80 would not
        assertThat(rounded.status()).isEqualTo(Status.CHANGE);
        assertThat(rounded.proposedPrice()).isEqualByComparingTo("16.81");
        assertThat(rounded.explain().steps().get(0).detail()).endsWith("; held at the margin floor 16.81: never follows "
                + "a competitor below the effective floor");
    }

    @Test
    void matchCompetitorFollowsACompetitorAboveTheFloor() {
        CatalogItem product = item("SKU-1").usd("25.00").pmap("17.99", "USD", DAY_AGO, IN_A_DAY).map("19.99", "USD")
                .build();
        CompetitorObservations competitors = new CompetitorObservations(Map.of(product.productId(),
                List.of(new Observation("bolt", money("18.50", "USD"), NOW.minus(Duration.ofHours(1))))));

        ItemResult result = evaluate(ENFORCED, product, "[{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}]", competitors);

        assertThat(result.proposedPrice()).isEqualByComparingTo("18.50");
        assertThat(result.explain().steps().get(0).detail()).doesNotContain("held at");
    }

    @Test
    void withoutEnforceMapNoBrandFloorBlocksOrHolds() {
        CatalogItem product = item("SKU-1").usd("25.00").map("19.99", "USD").lrp("21.00", "USD").build();
        CompetitorObservations competitors = new CompetitorObservations(Map.of(product.productId(),
                List.of(new Observation("bolt", money("15.00", "USD"), NOW.minus(Duration.ofHours(1))))));

        ItemResult set = evaluate(NOT_ENFORCED, product, set("15.00"));
        ItemResult matched = evaluate(NOT_ENFORCED, product, "[{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}]",
                competitors);

        assertThat(set.status()).isEqualTo(Status.CHANGE);
        assertThat(set.explain().guardrails()).isEmpty();
        assertThat(matched.proposedPrice()).isEqualByComparingTo("15.00");
    }

    @Test
    void aFloorInAnotherCurrencyDoesNotApply() {
        CatalogItem product = item("SKU-1").usd("25.00").map("30.00", "EUR").build();

        assertThat(evaluate(ENFORCED, product, set("10.00")).status()).isEqualTo(Status.CHANGE);
    }
}
