package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.everything;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PricingEngineTest {

    private static final PricingEngine ENGINE = new PricingEngine();

    @Test
    void theContractsExampleGivesTheContractsExplainTrace() {
        Rule rule = Fixtures.rule(Fixtures.CONTRACT_EXAMPLE);
        CatalogItem shirt = item("TS-1").vendor("Acme").tags("summer").usd("40.00").cost("25.00", "USD").build();
        CatalogItem notSummer = item("TS-2").vendor("Acme").tags("winter").usd("40.00").build();
        TenantPolicy policy = new TenantPolicy(new BigDecimal("30"), null, Map.of(), Map.of(), null, false, false);

        EvaluationResult result = ENGINE.evaluate(rule, policy, List.of(shirt, notSummer), CompetitorObservations.none(), NOW);

        ItemResult item = only(result);
        assertThat(item.sku()).isEqualTo("TS-1");
        assertThat(item.status()).isEqualTo(Status.CHANGE);
        assertThat(item.currentPrice()).isEqualTo("40.00");
        assertThat(item.proposedPrice()).isEqualTo("33.99");
        assertThat(item.delta()).isEqualTo("-6.01");
        assertThat(item.deltaPercent()).isEqualTo("-15.02"); // -15.025, half-even
        assertThat(item.proposedCompareAt()).isEqualTo("40.00");
        assertThat(item.reasons()).isEmpty();
        assertThat(item.explain().matched()).containsExactly("tags contains summer", "vendor in [Acme, Bolt]",
                "sku glob TS-*", "price between 10.00 and 50.00");
        assertThat(item.explain().steps()).extracting(Explain.StepTrace::output)
                .containsExactly(new BigDecimal("34.00"), new BigDecimal("33.99"), new BigDecimal("33.99"));
        assertThat(item.explain().guardrails()).containsExactly(
                new GuardrailCheck("maxDecreasePercent 30", GuardrailCheck.Result.PASS));
    }

    @Test
    void anItemTravelsInTheContractsJsonShape() throws Exception {
        CatalogItem shirt = item("TS-1").usd("40.00").build();
        TenantPolicy policy = new TenantPolicy(new BigDecimal("30"), null, Map.of(), Map.of(), null, false, false);
        EvaluationResult result = ENGINE.evaluate(everything("USD", "[{'op':'percent','value':-15}]"), policy,
                List.of(shirt), CompetitorObservations.none(), NOW);

        com.fasterxml.jackson.databind.JsonNode json = Fixtures.MAPPER.valueToTree(only(result));

        assertThat(json.get("productId").asText()).isEqualTo(shirt.productId().toString());
        assertThat(json.get("proposedPrice").isTextual()).isTrue();
        assertThat(json.get("proposedPrice").asText()).isEqualTo("34.00");
        assertThat(json.get("status").asText()).isEqualTo("CHANGE");
        assertThat(json.at("/explain/steps/0")).isEqualTo(Fixtures.json(
                "{'op':'percent','input':'40.00','output':'34.00','detail':'-15%'}"));
        assertThat(json.at("/explain/guardrails/0")).isEqualTo(Fixtures.json(
                "{'rule':'maxDecreasePercent 30','result':'pass'}"));
    }

    @Test
    void compareAtIsSetToTheCurrentPriceOnlyOnADecrease() {
        CatalogItem product = item("SKU-1").usd("40.00").compareAt("50.00", "USD").build();

        ItemResult down = only(Fixtures.evaluate(rule("set_to_current", "-10"), product));
        ItemResult up = only(Fixtures.evaluate(rule("set_to_current", "10"), product));
        ItemResult kept = only(Fixtures.evaluate(rule("keep", "-10"), product));
        ItemResult cleared = only(Fixtures.evaluate(rule("clear", "-10"), product));

        assertThat(down.proposedCompareAt()).isEqualTo("40.00");
        assertThat(up.proposedCompareAt()).isEqualTo("50.00");
        assertThat(kept.proposedCompareAt()).isEqualTo("50.00");
        assertThat(cleared.proposedCompareAt()).isNull();
        assertThat(cleared.currentCompareAt()).isEqualTo("50.00");
    }

    @Test
    void clearingACompareAtIsAChangeEvenWhenThePriceStays() {
        CatalogItem product = item("SKU-1").usd("40.00").compareAt("50.00", "USD").build();

        assertThat(only(Fixtures.evaluate(rule("clear", "0"), product)).status()).isEqualTo(Status.CHANGE);
        assertThat(only(Fixtures.evaluate(rule("keep", "0"), product)).status()).isEqualTo(Status.NO_CHANGE);
    }

    @Test
    void resultsAreSortedByProductIdAndSummarised() {
        List<CatalogItem> catalog = List.of(
                item("A").usd("10.00").build(),
                item("B").usd("20.00").build(),
                item("C").usd("0.01").build(),
                item("D").price("5.00", "EUR").build(),
                item("E").usd("40.00").build());

        EvaluationResult result = ENGINE.evaluate(everything("USD", "[{'op':'add','amount':'-1.00'}]"),
                TenantPolicy.unrestricted(), catalog, CompetitorObservations.none(), NOW);

        assertThat(result.items()).extracting(i -> i.productId().toString()).isSorted();
        assertThat(result.summary().counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Status.CHANGE, 3, Status.NO_CHANGE, 1, Status.BLOCKED, 0, Status.SKIPPED, 1));
        // -10.00 %, -5.00 %, 0.00 % (C stays at one cent), -2.50 %
        assertThat(result.summary().minDeltaPercent()).isEqualTo("-10.00");
        assertThat(result.summary().medianDeltaPercent()).isEqualTo("-3.75");
        assertThat(result.summary().maxDeltaPercent()).isEqualTo("0.00");
    }

    @Test
    void anEmptySelectionHasNoDeltas() {
        EvaluationResult result = ENGINE.evaluate(Fixtures.rule(
                        "{'selector':{'field':'sku','op':'eq','value':'none'},'transform':[{'op':'percent','value':1}],'currency':'USD'}"),
                TenantPolicy.unrestricted(), List.of(item("A").usd("1.00").build()), CompetitorObservations.none(), NOW);

        assertThat(result.items()).isEmpty();
        assertThat(result.summary().medianDeltaPercent()).isNull();
        assertThat(result.contentHash()).hasSize(64);
    }

    @Test
    void theHashIgnoresCatalogOrderButNotWhatWouldBeApplied() {
        List<CatalogItem> catalog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            catalog.add(item("SKU-" + i).usd((10 + i) + ".00").build());
        }
        List<CatalogItem> shuffled = new ArrayList<>(catalog);
        Collections.reverse(shuffled);
        Rule rule = everything("USD", "[{'op':'percent','value':-5}]");

        String hash = ENGINE.evaluate(rule, TenantPolicy.unrestricted(), catalog, CompetitorObservations.none(), NOW).contentHash();
        String reordered = ENGINE.evaluate(rule, TenantPolicy.unrestricted(), shuffled, CompetitorObservations.none(), NOW).contentHash();
        String otherRule = ENGINE.evaluate(everything("USD", "[{'op':'percent','value':-6}]"),
                TenantPolicy.unrestricted(), catalog, CompetitorObservations.none(), NOW).contentHash();
        catalog.set(3, item("SKU-3").usd("13.01").build());
        String otherPrice = ENGINE.evaluate(rule, TenantPolicy.unrestricted(), catalog, CompetitorObservations.none(), NOW).contentHash();

        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(reordered);
        assertThat(otherRule).isNotEqualTo(hash);
        assertThat(otherPrice).isNotEqualTo(hash);
    }

    @Test
    void theSameProductTwiceInOneSnapshotIsRefused() {
        CatalogItem product = item("A").usd("1.00").build();

        assertThatThrownBy(() -> ENGINE.evaluate(everything("USD", "[{'op':'percent','value':1}]"),
                TenantPolicy.unrestricted(), List.of(product, product), CompetitorObservations.none(), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCompetitorPriceSelectorUsesTheMatchStepsWindow() {
        CatalogItem product = item("A").usd("30.00").build();
        CompetitorObservations seen = new CompetitorObservations(Map.of(product.productId(), List.of(
                new CompetitorObservations.Observation("acme", Fixtures.money("25.00", "USD"), NOW.minusSeconds(40 * 3600)))));
        Rule within48h = Fixtures.rule("""
                {'selector': {'field': 'competitorPrice', 'op': 'lt', 'value': '30.00'},
                 'transform': [{'op': 'match_competitor', 'strategy': 'lowest', 'maxAgeHours': 48}], 'currency': 'USD'}""");
        Rule defaultWindow = Fixtures.rule("""
                {'selector': {'field': 'competitorPrice', 'op': 'lt', 'value': '30.00'},
                 'transform': [{'op': 'percent', 'value': -1}], 'currency': 'USD'}""");

        assertThat(only(ENGINE.evaluate(within48h, TenantPolicy.unrestricted(), List.of(product), seen, NOW)).proposedPrice())
                .isEqualTo("25.00");
        assertThat(ENGINE.evaluate(defaultWindow, TenantPolicy.unrestricted(), List.of(product), seen, NOW).items()).isEmpty();
    }

    @Test
    void theCompetitorWindowIsTheLongestTheRuleCanUse() {
        Rule twoSteps = Fixtures.rule("""
                {'selector': {'everything': true}, 'transform': [
                    {'op': 'match_competitor', 'strategy': 'lowest', 'maxAgeHours': 12},
                    {'op': 'match_competitor', 'strategy': 'highest', 'maxAgeHours': 72}], 'currency': 'USD'}""");
        Rule nestedSelector = Fixtures.rule("""
                {'selector': {'all': [{'field': 'tags', 'op': 'contains', 'value': 'x'},
                                      {'not': {'field': 'competitorPrice', 'op': 'exists', 'value': true}}]},
                 'transform': [{'op': 'percent', 'value': -1}], 'currency': 'USD'}""");
        Rule noCompetitors = rule("keep", "-1");

        assertThat(twoSteps.competitorWindow()).contains(Duration.ofHours(72));
        assertThat(nestedSelector.competitorWindow()).contains(Rule.DEFAULT_COMPETITOR_MAX_AGE);
        assertThat(noCompetitors.competitorWindow()).isEmpty();
    }

    private static Rule rule(String compareAt, String percent) {
        return Fixtures.rule("{'selector':{'everything':true},'transform':[{'op':'percent','value':" + percent
                + "}],'currency':'USD','compareAt':'" + compareAt + "'}");
    }
}
