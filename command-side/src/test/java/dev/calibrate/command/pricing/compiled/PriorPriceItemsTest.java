package dev.calibrate.command.pricing.compiled;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.catalog.CatalogColumnsOf;
import dev.calibrate.command.priorprice.PriorPrices;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.RuleParser;
import dev.calibrate.command.anomaly.PreviewAnomalies;
import dev.calibrate.kernel.priorprice.PriceSpell;
import dev.calibrate.kernel.priorprice.PriorPrice;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.schemas.SchemaRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

/** The compiled rule with the EU prior-price rule on: the compare-at, the reason and the item's prior price. */
class PriorPriceItemsTest {

    private static final RuleParser PARSER = new RuleParser(SchemaRegistry.loadDefault());
    private static final CatalogItem TEE = item("TEE").usd("100.00").build();

    @Test
    void withTheRuleOffACutKeepsThePriceBeforeItAsTheCompareAt() {
        PreviewItem item = evaluate("set_to_current", -20, null);

        assertThat(item.proposedCompareAt()).isEqualByComparingTo("100.00");
        assertThat(item.priorPrice()).isNull();
    }

    @Test
    void aCutBelowThePriorPriceShowsItAtTheCurrencysScale() {
        PreviewItem item = evaluate("set_to_current", -20, prior("90"));

        assertThat(item.proposedCompareAt()).isEqualTo(new BigDecimal("90.00"));
        assertThat(item.priorPrice().reductionPercent()).isEqualByComparingTo("11.11");
        assertThat(item.status()).isEqualTo(Status.CHANGE);
        assertThat(item.reasons()).isEmpty();
    }

    @Test
    void aCutNotBelowThePriorPriceAnnouncesNothing() {
        PreviewItem item = evaluate("set_to_current", -20, prior("80"));

        assertThat(item.proposedPrice()).isEqualByComparingTo("80.00");
        assertThat(item.proposedCompareAt()).isNull();
        assertThat(item.status()).isEqualTo(Status.CHANGE);
        assertThat(item.reasons()).containsExactly(CompiledRule.NO_GENUINE_REDUCTION);
        assertThat(item.priorPrice().reductionPercent()).isNull();
    }

    /** The history read model lags the catalog: a newer, lower current price it misses still bounds the prior price. */
    @Test
    void aPriorPriceAboveTheCurrentPriceIsTheCurrentPrice() {
        PreviewItem item = evaluate("set_to_current", -10, prior("120"));

        assertThat(item.proposedCompareAt()).isEqualTo(new BigDecimal("100.00"));
        assertThat(item.priorPrice().amount()).isEqualTo(new BigDecimal("100.00"));
        assertThat(item.priorPrice().reductionPercent()).isEqualByComparingTo("10.00");
    }

    /** Within a live progressive campaign the current price is the campaign's cut: the campaign's prior price stays. */
    @Test
    void aLiveCampaignKeepsItsPriorPriceAboveTheCurrentPrice() {
        PriorPrice campaign = new PriorPrice(new BigDecimal("120"), NOW.minus(Duration.ofDays(45)), null,
                NOW.minus(Duration.ofDays(15)));

        PreviewItem item = evaluate("set_to_current", -10, new PriorPrices(Map.of(TEE.productId(), campaign)));

        assertThat(item.proposedCompareAt()).isEqualTo(new BigDecimal("120.00"));
    }

    /** Rounded half-even, 99.995 would show 100.00, above the lowest price, and a 20.00 % cut instead of 19.99 %. */
    @Test
    void thePriorPriceAndItsPercentageAreRoundedDownNeverOverstated() {
        PreviewItem item = evaluate("set_to_current", -20, prior("99.995"));

        assertThat(item.proposedCompareAt()).isEqualTo(new BigDecimal("99.99"));
        assertThat(item.priorPrice().amount()).isEqualTo(new BigDecimal("99.99"));
        assertThat(item.priorPrice().reductionPercent()).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    void aSmallPriorPriceIsRoundedDownToo() {
        CatalogItem small = item("TEE").usd("20.00").build();

        PreviewItem item = evaluate(small, "set_to_current", -25, prior("19.995"));

        assertThat(item.proposedPrice()).isEqualByComparingTo("15.00");
        assertThat(item.proposedCompareAt()).isEqualTo(new BigDecimal("19.99"));
        assertThat(item.priorPrice().reductionPercent()).isEqualTo(new BigDecimal("24.96"));
    }

    @Test
    void aProductWithoutAPriorPriceAnnouncesNothingAndSaysWhy() {
        PreviewItem item = evaluate("set_to_current", -20, new PriorPrices(Map.of()));

        assertThat(item.proposedCompareAt()).isNull();
        assertThat(item.reasons()).containsExactly(CompiledRule.NO_PRIOR_PRICE);
        assertThat(item.priorPrice()).isNull();
    }

    /** A kept compare-at above the prior price would announce 150 → 80: capped at the prior price, with the reason. */
    @Test
    void aKeptCompareAtAboveThePriorPriceIsCappedAtIt() {
        CatalogItem onSale = item("TEE").usd("100.00").compareAt("150.00", "USD").build();

        PreviewItem kept = evaluate(onSale, "keep", -20, prior("95"));
        PreviewItem cleared = evaluate(onSale, "clear", -20, prior("95"));

        assertThat(kept.proposedCompareAt()).isEqualTo(new BigDecimal("95.00"));
        assertThat(kept.reasons()).containsExactly(CompiledRule.COMPARE_AT_CAPPED);
        assertThat(cleared.proposedCompareAt()).isNull();
        assertThat(cleared.reasons()).isEmpty();
        assertThat(kept.priorPrice().amount()).isEqualByComparingTo("95.00");
    }

    @Test
    void aKeptCompareAtAtOrBelowThePriorPriceIsLeftAlone() {
        CatalogItem onSale = item("TEE").usd("100.00").compareAt("95.00", "USD").build();

        PreviewItem kept = evaluate(onSale, "keep", -20, prior("95"));

        assertThat(kept.proposedCompareAt()).isEqualByComparingTo("95.00");
        assertThat(kept.reasons()).isEmpty();
    }

    /** set_to_current on a rise keeps the current compare-at: above the prior price it is cleared, no reduction. */
    @Test
    void aCompareAtKeptOnARiseThatIsNotBelowThePriorPriceIsCleared() {
        CatalogItem onSale = item("TEE").usd("100.00").compareAt("150.00", "USD").build();

        PreviewItem risen = evaluate(onSale, "set_to_current", 10, prior("95"));

        assertThat(risen.proposedPrice()).isEqualByComparingTo("110.00");
        assertThat(risen.proposedCompareAt()).isNull();
        assertThat(risen.reasons()).containsExactly(CompiledRule.NO_GENUINE_REDUCTION);
    }

    /** The approval covers the prior price shown: another prior price is another hash, even with the same prices. */
    @Test
    void thePriorPriceIsPartOfTheHash() {
        assertThat(hash(prior("100"))).isNotEqualTo(hash(prior("95")));
        assertThat(hash(prior("100"))).isEqualTo(hash(prior("100")));
        assertThat(hash(null)).isNotEqualTo(hash(prior("100")));
    }

    private String hash(PriorPrices prior) {
        return new CompiledRule(rule("set_to_current", 10), TenantPolicy.unrestricted(), CompetitorObservations.none(),
                NOW, Deadline.NONE, PreviewAnomalies.NONE, prior).evaluate(CatalogColumnsOf.items(List.of(TEE)))
                .contentHash();
    }

    private static PriorPrices prior(String amount) {
        PriorPrice prior = PriorPrice.of(List.of(new PriceSpell(new BigDecimal(amount), null,
                NOW.minus(Duration.ofDays(40)))), NOW, 30, ZoneId.of("UTC")).orElseThrow();
        return new PriorPrices(Map.of(TEE.productId(), prior));
    }

    private static PreviewItem evaluate(String compareAt, int percent, PriorPrices prior) {
        return evaluate(TEE, compareAt, percent, prior);
    }

    private static PreviewItem evaluate(CatalogItem product, String compareAt, int percent, PriorPrices prior) {
        PreviewEvaluation evaluation = new CompiledRule(rule(compareAt, percent), TenantPolicy.unrestricted(),
                CompetitorObservations.none(), NOW, Deadline.NONE, PreviewAnomalies.NONE, prior)
                .evaluate(CatalogColumnsOf.items(List.of(product)));
        assertThat(evaluation.items()).hasSize(1);
        return evaluation.items().get(0);
    }

    private static Rule rule(String compareAt, int percent) {
        try {
            return PARSER.parse(new ObjectMapper().readTree("""
                    {"selector": {"everything": true}, "transform": [{"op": "percent", "value": %d}],
                     "currency": "USD", "compareAt": "%s"}""".formatted(percent, compareAt)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
