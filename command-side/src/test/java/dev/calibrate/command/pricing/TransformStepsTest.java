package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.everything;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.money;
import static dev.calibrate.command.pricing.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

class TransformStepsTest {

    /** The proposed price of a product priced {@code price} (and costing {@code cost}, if given) after {@code steps}. */
    private static ItemResult apply(String currency, String price, String cost, String steps) {
        Fixtures.ItemBuilder item = item("SKU-1").price(price, currency);
        if (cost != null) item.cost(cost, currency);
        return only(Fixtures.evaluate(everything(currency, steps), item.build()));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "USD | 40.00   | {'op':'percent','value':-15}            | 34.00",
            "USD | 10.00   | {'op':'percent','value':12.5}           | 11.25",
            "USD | 0.10    | {'op':'percent','value':-50}            | 0.05",
            // 0.05 × 1.5 = 0.075 → half-even → 0.08; 0.25 × 1.1 = 0.275 → 0.28; 0.15 × 1.1 = 0.165 → 0.16
            "USD | 0.05    | {'op':'percent','value':50}             | 0.08",
            "USD | 0.15    | {'op':'percent','value':10}             | 0.16",
            "USD | 0.01    | {'op':'percent','value':-99.99}         | 0.01",
            "USD | 10.00   | {'op':'percent','value':1000}           | 110.00",
            "JPY | 1000    | {'op':'percent','value':-15}            | 850",
            "JPY | 125     | {'op':'percent','value':-10}            | 112",
            "JPY | 135     | {'op':'percent','value':-10}            | 122",
            "BHD | 12.500  | {'op':'percent','value':-15}            | 10.625",
            "KWD | 1.005   | {'op':'percent','value':50}             | 1.508",
            "USD | 10.00   | {'op':'add','amount':'2.50'}            | 12.50",
            "USD | 10.00   | {'op':'add','amount':'-2.50'}           | 7.50",
            "USD | 1.00    | {'op':'add','amount':'-5.00'}           | 0.01",
            "JPY | 1000    | {'op':'add','amount':'-1000'}           | 1",
            "BHD | 1.000   | {'op':'add','amount':'0.125'}           | 1.125",
            "USD | 10.00   | {'op':'set','amount':'19.5'}            | 19.50",
            "JPY | 10      | {'op':'set','amount':'4980'}            | 4980",
            "KWD | 1.000   | {'op':'set','amount':'0.001'}           | 0.001",
            "USD | 10.00   | {'op':'floor','amount':'12.00'}         | 12.00",
            "USD | 15.00   | {'op':'floor','amount':'12.00'}         | 15.00",
            "USD | 15.00   | {'op':'ceiling','amount':'12.00'}       | 12.00",
            "USD | 10.00   | {'op':'ceiling','amount':'12.00'}       | 10.00",
            "JPY | 1500    | {'op':'ceiling','amount':'1200'}        | 1200",
            "JPY | 900     | {'op':'floor','amount':'1000'}          | 1000",
            "BHD | 1.250   | {'op':'floor','amount':'1.255'}         | 1.255",
            "KWD | 9.999   | {'op':'ceiling','amount':'9.5'}         | 9.500",
            "USD | 40.00   | {'op':'round','mode':'charm','ending':'0.99'} | 39.99",
            "USD | 41.37   | {'op':'round','mode':'nearest','increment':'0.25'} | 41.25",
            "USD | 41.37   | {'op':'round','mode':'up','increment':'0.25'}      | 41.50",
            "USD | 41.37   | {'op':'round','mode':'down','increment':'0.25'}    | 41.25",
            "JPY | 1234    | {'op':'round','mode':'charm','ending':'80'}        | 1280",
            "BHD | 12.345  | {'op':'round','mode':'charm','ending':'0.990'}     | 11.990",
            "USD | 40.00   | {'op':'percent','value':-15},{'op':'round','mode':'charm','ending':'0.99'} | 33.99",
    })
    void eachStepOnPricesInTwoZeroAndThreeDecimalCurrencies(String currency, String price, String step, String expected) {
        ItemResult result = apply(currency, price, null, "[" + step + "]");

        assertThat(result.proposedPrice()).isEqualTo(new BigDecimal(expected));
        assertThat(result.proposedPrice().scale()).isEqualTo(Rounding.scale(currency));
    }

    @ParameterizedTest(name = "{0} cost {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "USD | 25.00  | {'op':'markup','percent':40}     | 35.00",
            "USD | 9.99   | {'op':'markup','percent':33.33}  | 13.32",
            "JPY | 700    | {'op':'markup','percent':45}     | 1015",
            "BHD | 2.345  | {'op':'markup','percent':10}     | 2.580",
            "USD | 25.00  | {'op':'min_margin','percent':20} | 30.00",
            "JPY | 1000   | {'op':'min_margin','percent':50} | 1500",
            // cost 10.01 × 1.2 = 12.012: the floor is rounded up (half-even would give 12.01, short of the margin)
            "USD | 10.01  | {'op':'min_margin','percent':20} | 12.02",
            "BHD | 1.001  | {'op':'min_margin','percent':10} | 1.102",
    })
    void costBasedStepsOnAPriceBelowTheMargin(String currency, String cost, String step, String expected) {
        String belowCost = Rounding.minorUnit(currency).toPlainString();
        ItemResult result = apply(currency, belowCost, cost, "[" + step + "]");

        assertThat(result.proposedPrice()).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void minMarginLeavesAPriceThatAlreadyHasTheMargin() {
        ItemResult result = apply("USD", "40.00", "25.00", "[{'op':'min_margin','percent':20}]");

        assertThat(result.proposedPrice()).isEqualTo("40.00");
        assertThat(result.explain().steps()).containsExactly(
                new StepTrace("min_margin", new BigDecimal("40.00"), new BigDecimal("40.00"), "cost 25.00, floor 30.00: ok"));
    }

    @Test
    void minMarginWithoutACostIsANoOpWithANote() {
        ItemResult result = apply("USD", "40.00", null, "[{'op':'percent','value':-50},{'op':'min_margin','percent':20}]");

        assertThat(result.status()).isEqualTo(Status.CHANGE);
        assertThat(result.proposedPrice()).isEqualTo("20.00");
        assertThat(result.explain().steps().get(1).detail()).isEqualTo("no cost in USD: margin not checked");
    }

    @Test
    void markupWithoutACostSkipsTheItemWithAReason() {
        ItemResult result = apply("USD", "40.00", null, "[{'op':'percent','value':10},{'op':'markup','percent':40}]");

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.proposedPrice()).isNull();
        assertThat(result.reasons()).containsExactly("markup needs a cost in USD");
        assertThat(result.explain().steps()).extracting(StepTrace::op).containsExactly("percent", "markup");
        assertThat(result.explain().steps().get(1).output()).isNull();
    }

    @Test
    void aCostInAnotherCurrencyIsNeverConverted() {
        CatalogItem product = item("SKU-1").usd("40.00").cost("20.00", "EUR").build();

        ItemResult result = only(Fixtures.evaluate(everything("USD", "[{'op':'markup','percent':40}]"), product));

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.reasons()).containsExactly("markup needs a cost in USD (the cost is in EUR; never converted)");
    }

    @Test
    void anItemWithoutAPriceInTheRulesCurrencyIsSkipped() {
        CatalogItem product = item("SKU-1").price("30.00", "EUR").build();

        ItemResult result = only(Fixtures.evaluate(everything("USD", "[{'op':'percent','value':10}]"), product));

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.reasons()).containsExactly("no price in USD");
        assertThat(result.currentPrice()).isNull();
        assertThat(result.explain().steps()).isEmpty();
    }

    @Test
    void aZeroCurrentPriceIsSkippedRatherThanRepriced() {
        CatalogItem product = item("SKU-1").usd("0.00").build();

        ItemResult result = only(Fixtures.evaluate(everything("USD", "[{'op':'set','amount':'10.00'}]"), product));

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.reasons()).containsExactly("the current price 0.00 USD is not a price");
        assertThat(result.proposedPrice()).isNull();
    }

    @Test
    void aPriceNeverGoesBelowOneMinorUnitAndTheTraceSaysSo() {
        ItemResult result = apply("JPY", "5", null, "[{'op':'add','amount':'-10'}]");

        assertThat(result.proposedPrice()).isEqualTo("1");
        assertThat(result.explain().steps().get(0).detail()).isEqualTo("-10; raised to one minor unit");
    }

    @Test
    void everyStepIsTracedWithItsInputAndOutput() {
        ItemResult result = apply("USD", "40.00", "25.00", """
                [{'op':'percent','value':-15},{'op':'round','mode':'charm','ending':'0.99'},{'op':'min_margin','percent':20}]""");

        assertThat(result.explain().steps()).containsExactly(
                new StepTrace("percent", new BigDecimal("40.00"), new BigDecimal("34.00"), "-15%"),
                new StepTrace("round", new BigDecimal("34.00"), new BigDecimal("33.99"), "charm ending 0.99, nearest (ties down)"),
                new StepTrace("min_margin", new BigDecimal("33.99"), new BigDecimal("33.99"), "cost 25.00, floor 30.00: ok"));
    }

    @Test
    void matchCompetitorUsesTheLatestFreshObservationPerCompetitor() {
        CatalogItem product = item("SKU-1").usd("30.00").build();
        CompetitorObservations seen = new CompetitorObservations(Map.of(product.productId(), List.of(
                new Observation("acme", money("24.00", "USD"), NOW.minus(Duration.ofHours(30))),
                new Observation("acme", money("26.00", "USD"), NOW.minus(Duration.ofHours(2))),
                new Observation("bolt", money("27.00", "USD"), NOW.minus(Duration.ofHours(47))),
                new Observation("cargo", money("20.00", "USD"), NOW.minus(Duration.ofHours(49))),
                new Observation("dash", money("10.00", "EUR"), NOW.minus(Duration.ofHours(1))),
                new Observation("echo", money("5.00", "USD"), NOW.plus(Duration.ofHours(1))))));

        assertThat(competitorPrice(product, seen, "lowest", "")).isEqualTo("26.00");
        assertThat(competitorPrice(product, seen, "highest", "")).isEqualTo("27.00");
        assertThat(competitorPrice(product, seen, "average", "")).isEqualTo("26.50");
        assertThat(competitorPrice(product, seen, "lowest", ",'offsetPercent':-1")).isEqualTo("25.74");
        assertThat(competitorPrice(product, seen, "lowest", ",'offsetAmount':'-0.01'")).isEqualTo("25.99");
        assertThat(competitorPrice(product, seen, "highest", ",'offsetPercent':10,'offsetAmount':'0.05'")).isEqualTo("29.75");
    }

    @ParameterizedTest(name = "average of {1} in {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // 1000.666… yen; 1.2346… dinar; half-even at the end only
            "JPY | 1000,1001,1001   | 1001",
            "BHD | 1.234,1.235,1.235 | 1.235",
            "USD | 10.00,10.01      | 10.00",
            "USD | 10.01,10.02      | 10.02",
    })
    void anAverageCompetitorPriceIsRoundedHalfEvenInTheCurrency(String currency, String prices, String expected) {
        CatalogItem product = item("SKU-1").price(prices.split(",")[0], currency).build();
        List<Observation> seen = new ArrayList<>();
        String[] amounts = prices.split(",");
        for (int i = 0; i < amounts.length; i++) {
            seen.add(new Observation("competitor-" + i, money(amounts[i], currency), NOW.minus(Duration.ofHours(1))));
        }

        ItemResult result = only(new PricingEngine().evaluate(everything(currency,
                        "[{'op':'match_competitor','strategy':'average','maxAgeHours':24}]"),
                TenantPolicy.unrestricted(), List.of(product), new CompetitorObservations(Map.of(product.productId(), seen)), NOW));

        assertThat(result.proposedPrice()).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void matchCompetitorNamesTheObservationsItUsed() {
        CatalogItem product = item("SKU-1").usd("30.00").build();
        CompetitorObservations seen = new CompetitorObservations(Map.of(product.productId(), List.of(
                new Observation("bolt", money("27.00", "USD"), NOW.minus(Duration.ofHours(3))),
                new Observation("acme", money("26.00", "USD"), NOW.minus(Duration.ofHours(2))))));

        ItemResult result = only(new PricingEngine().evaluate(everything("USD",
                        "[{'op':'match_competitor','strategy':'lowest','offsetPercent':-2,'maxAgeHours':24}]"),
                TenantPolicy.unrestricted(), List.of(product), seen, NOW));

        assertThat(result.explain().steps().get(0).detail()).isEqualTo("lowest of 2 fresh (within 24h): "
                + "acme 26.00 USD observed 2026-11-26T10:00:00Z, bolt 27.00 USD observed 2026-11-26T09:00:00Z; offset -2% +0.00");
        assertThat(result.proposedPrice()).isEqualTo("25.48");
    }

    @Test
    void matchCompetitorWithoutFreshObservationsSkipsTheItem() {
        CatalogItem product = item("SKU-1").usd("30.00").build();
        CompetitorObservations stale = new CompetitorObservations(Map.of(product.productId(), List.of(
                new Observation("acme", money("26.00", "USD"), NOW.minus(Duration.ofHours(25))))));

        ItemResult result = only(new PricingEngine().evaluate(everything("USD",
                        "[{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}]"),
                TenantPolicy.unrestricted(), List.of(product), stale, NOW));

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.reasons()).containsExactly("no competitor price in USD observed within 24h");
    }

    private static BigDecimal competitorPrice(CatalogItem product, CompetitorObservations seen, String strategy,
                                              String offsets) {
        return only(new PricingEngine().evaluate(everything("USD", "[{'op':'match_competitor','strategy':'" + strategy
                        + "','maxAgeHours':48" + offsets + "}]"),
                TenantPolicy.unrestricted(), List.of(product), seen, NOW)).proposedPrice();
    }

    /** Prices are stored with at most 15 digits before the point and changes of under 10^10 percent. */
    @ParameterizedTest(name = "{0} {1} -> skipped because {2}")
    @CsvSource(delimiter = '|', value = {
            "999999999999999.00 | [{'op':'percent','value':1000}]                          | the largest price",
            "100000000.00       | [{'op':'set','amount':'999999999999999.99'},{'op':'add','amount':'0.01'}] | the largest price",
            "10.00              | [{'op':'percent','value':1000},{'op':'percent','value':1000},{'op':'percent','value':1000},"
                    + "{'op':'percent','value':1000},{'op':'percent','value':1000},{'op':'percent','value':1000},"
                    + "{'op':'percent','value':1000},{'op':'percent','value':1000},{'op':'percent','value':1000},"
                    + "{'op':'percent','value':1000},{'op':'percent','value':1000},{'op':'percent','value':1000},"
                    + "{'op':'percent','value':1000},{'op':'percent','value':1000},{'op':'percent','value':1000}] | the largest price",
            "0.01               | [{'op':'set','amount':'1000000.01'}]                      | a hundred million times",
    })
    void aProposedPriceNoColumnCanHoldSkipsTheItemSayingWhy(String price, String steps, String because) {
        ItemResult result = apply("USD", price, null, steps);

        assertThat(result.status()).isEqualTo(Status.SKIPPED);
        assertThat(result.proposedPrice()).isNull();
        assertThat(result.deltaPercent()).isNull();
        assertThat(result.reasons()).singleElement().asString().contains(because);
    }

    @Test
    void theLargestPriceAndChangeThatFitAreProposed() {
        assertThat(apply("USD", "0.01", null, "[{'op':'set','amount':'999999.99'}]").deltaPercent())
                .isEqualByComparingTo("9999999800.00");
        assertThat(apply("USD", "100000000.00", null, "[{'op':'set','amount':'999999999999999.99'}]").status())
                .isEqualTo(Status.CHANGE);
    }
}
