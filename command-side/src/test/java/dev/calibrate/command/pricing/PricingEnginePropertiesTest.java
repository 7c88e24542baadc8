package dev.calibrate.command.pricing;

import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.tenant.TenantPolicy;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.EvaluationResult.Status;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Properties of the engine over generated catalogs, rules, policies and competitor prices. */
public class PricingEnginePropertiesTest {

    private static final PricingEngine ENGINE = new PricingEngine();
    private static final List<String> CURRENCIES = List.of("USD", "EUR", "JPY", "BHD", "KWD");

    public record Scenario(Rule rule, TenantPolicy policy, List<CatalogItem> catalog, CompetitorObservations competitors) {
        public String currency() {
            return rule.currency();
        }

        EvaluationResult evaluate() {
            return ENGINE.evaluate(rule, policy, catalog, competitors, NOW);
        }
    }

    @Property(tries = 300)
    void theSameInputsInAnyOrderGiveTheSameResultAndHash(@ForAll("scenarios") Scenario scenario, @ForAll Random random) {
        EvaluationResult first = scenario.evaluate();

        List<CatalogItem> shuffledCatalog = new ArrayList<>(scenario.catalog());
        Collections.shuffle(shuffledCatalog, random);
        Map<ProductId, List<Observation>> shuffledObservations = new HashMap<>();
        scenario.competitors().byProduct().forEach((id, list) -> {
            List<Observation> copy = new ArrayList<>(list);
            Collections.shuffle(copy, random);
            shuffledObservations.put(id, copy);
        });
        EvaluationResult again = ENGINE.evaluate(scenario.rule(), scenario.policy(), shuffledCatalog,
                new CompetitorObservations(shuffledObservations), NOW);

        assertThat(again).isEqualTo(first);
        assertThat(again.contentHash()).isEqualTo(first.contentHash());
    }

    @Property(tries = 300)
    void everyPriceIsAtMinorUnitsAndAtLeastOneMinorUnit(@ForAll("scenarios") Scenario scenario) {
        BigDecimal minorUnit = Rounding.minorUnit(scenario.currency());
        int scale = Money.minorUnits(scenario.currency());

        for (ItemResult item : scenario.evaluate().items()) {
            List<BigDecimal> prices = new ArrayList<>();
            if (item.proposedPrice() != null) prices.add(item.proposedPrice());
            item.explain().steps().stream().map(StepTrace::output).filter(o -> o != null).forEach(prices::add);
            for (BigDecimal price : prices) {
                assertThat(price.scale()).as("scale of %s", price).isEqualTo(scale);
                assertThat(price).isGreaterThanOrEqualTo(minorUnit);
            }
            if (item.status() != Status.SKIPPED) {
                assertThat(item.delta()).isEqualTo(item.proposedPrice().subtract(item.currentPrice()));
            }
        }
    }

    @Property(tries = 300)
    void aFloorThenACeilingBoundEveryProposedPrice(@ForAll("scenarios") Scenario scenario,
                                                   @ForAll("amountPairs") Tuple.Tuple2<Long, Long> bounds) {
        String currency = scenario.currency();
        Money floor = amount(Math.min(bounds.get1(), bounds.get2()), currency);
        Money ceiling = amount(Math.max(bounds.get1(), bounds.get2()), currency);
        List<Step> steps = new ArrayList<>(scenario.rule().transform());
        steps.add(new Step.Floor(floor));
        steps.add(new Step.Ceiling(ceiling));
        Rule bounded = new Rule(scenario.rule().selector(), steps, currency, scenario.rule().compareAt());

        for (ItemResult item : ENGINE.evaluate(bounded, scenario.policy(), scenario.catalog(), scenario.competitors(), NOW).items()) {
            if (item.status() != Status.SKIPPED) {
                assertThat(item.proposedPrice()).isBetween(floor.amount(), ceiling.amount());
            }
        }
    }

    @Property(tries = 1000)
    void charmLandsOnTheEndingNearestThePriceWithTiesDown(@ForAll("charms") Tuple.Tuple3<String, BigDecimal, BigDecimal> charm) {
        String currency = charm.get1();
        BigDecimal price = charm.get2();
        BigDecimal ending = charm.get3();
        BigDecimal period = ending.toBigInteger().signum() == 0 ? BigDecimal.ONE
                : BigDecimal.TEN.pow(ending.toBigInteger().toString().length());

        BigDecimal result = Rounding.charm(price, ending, currency);

        assertThat(result.scale()).isEqualTo(Money.minorUnits(currency));
        assertThat(result).isGreaterThanOrEqualTo(Rounding.minorUnit(currency));
        assertThat(result.subtract(ending).remainder(period).signum()).as("%s ends in %s", result, ending).isZero();
        BigDecimal distance = result.subtract(price).abs();
        for (BigDecimal other : List.of(result.subtract(period), result.add(period))) {
            if (other.compareTo(Rounding.minorUnit(currency)) < 0) continue;
            BigDecimal otherDistance = other.subtract(price).abs();
            assertThat(distance).as("%s is nearer to %s than %s", result, price, other).isLessThanOrEqualTo(otherDistance);
            if (distance.compareTo(otherDistance) == 0) {
                assertThat(result).as("a tie goes down").isLessThan(other);
            }
        }
    }

    @Property(tries = 300)
    void percentZeroChangesNothing(@ForAll("scenarios") Scenario scenario) {
        Rule identity = new Rule(new Selector.Everything(), List.of(new Step.Percent(BigDecimal.ZERO)),
                scenario.currency(), Rule.CompareAt.KEEP);

        for (ItemResult item : ENGINE.evaluate(identity, scenario.policy(), scenario.catalog(), scenario.competitors(), NOW).items()) {
            if (item.currentPrice() == null) {
                assertThat(item.status()).isEqualTo(Status.SKIPPED);
            } else {
                assertThat(item.status()).isEqualTo(Status.NO_CHANGE);
                assertThat(item.proposedPrice()).isEqualTo(item.currentPrice());
                assertThat(item.deltaPercent()).isZero();
            }
        }
    }

    @Property(tries = 500)
    void guardrailsNeverLetABrokenPriceThrough(@ForAll("scenarios") Scenario scenario) {
        Map<ProductId, CatalogItem> byId = new HashMap<>();
        scenario.catalog().forEach(i -> byId.put(i.productId(), i));

        for (ItemResult item : scenario.evaluate().items()) {
            if (item.status() == Status.BLOCKED) {
                assertThat(breaksAGuardrail(scenario, byId.get(item.productId()), item)).as("%s", item).isTrue();
            } else if (item.status() == Status.CHANGE) {
                assertThat(breaksAGuardrail(scenario, byId.get(item.productId()), item)).as("%s", item).isFalse();
            }
        }
    }

    /** The policy read independently of the engine's {@link Guardrails}. */
    private static boolean breaksAGuardrail(Scenario scenario, CatalogItem product, ItemResult item) {
        TenantPolicy policy = scenario.policy();
        String currency = scenario.currency();
        BigDecimal current = item.currentPrice();
        BigDecimal proposed = item.proposedPrice();
        BigDecimal hundred = BigDecimal.valueOf(100);
        if (policy.maxDecreasePercent() != null
                && current.subtract(proposed).multiply(hundred).compareTo(policy.maxDecreasePercent().multiply(current)) > 0) {
            return true;
        }
        if (policy.maxIncreasePercent() != null
                && proposed.subtract(current).multiply(hundred).compareTo(policy.maxIncreasePercent().multiply(current)) > 0) {
            return true;
        }
        Money floor = policy.floors().get(currency);
        Money ceiling = policy.ceilings().get(currency);
        if (floor != null && proposed.compareTo(floor.amount()) < 0) return true;
        if (ceiling != null && proposed.compareTo(ceiling.amount()) > 0) return true;
        if (policy.minMarginPercent() != null && product.cost() != null && product.cost().currency().equals(currency)
                && proposed.multiply(hundred).compareTo(product.cost().amount().multiply(hundred.add(policy.minMarginPercent()))) < 0) {
            return true;
        }
        // the brand floor in force, by its precedence: LRP, else a PMAP whose window holds NOW, else MAP
        BrandFloors floors = product.brandFloors().get(currency);
        BigDecimal brand = null;
        if (policy.enforceMap() && floors != null) {
            if (floors.lrp() != null) brand = floors.lrp().amount();
            else if (floors.pmap() != null && !NOW.isBefore(floors.pmapFrom()) && NOW.isBefore(floors.pmapUntil())) brand = floors.pmap().amount();
            else if (floors.map() != null) brand = floors.map().amount();
        }
        if (brand != null && proposed.compareTo(brand) < 0) return true;
        if (ceiling != null) {
            List<BigDecimal> floorsSet = new ArrayList<>();
            if (floor != null) floorsSet.add(floor.amount());
            if (brand != null) floorsSet.add(brand);
            if (policy.minMarginPercent() != null && product.cost() != null && product.cost().currency().equals(currency)) {
                floorsSet.add(product.cost().amount().multiply(hundred.add(policy.minMarginPercent())).divide(hundred));
            }
            return floorsSet.stream().anyMatch(f -> f.compareTo(ceiling.amount()) > 0);
        }
        return false;
    }

    // ---- generators ----

    @Provide
    public static Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(CURRENCIES).flatMap(currency -> Combinators.combine(
                rules(currency), policies(currency), catalogs(currency), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((rule, policy, catalog, seed) -> new Scenario(rule, policy, catalog, observations(catalog, currency, seed)))
                .flatMap(scenario -> Arbitraries.frequencyOf(
                        Tuple.of(3, Arbitraries.just(scenario)),
                        Tuple.of(1, priceTables(scenario.catalog(), currency).map(table -> withTableFirst(scenario, table))))));
    }

    /** An upload's table: some of the catalog's SKUs (an item not listed is skipped) and one no product has. */
    private static Arbitrary<Step.PriceTable> priceTables(List<CatalogItem> catalog, String currency) {
        Arbitrary<Money> price = Arbitraries.longs().between(1, 2_000_000).map(l -> amount(l, currency));
        List<String> skus = new ArrayList<>(catalog.stream().map(CatalogItem::sku).toList());
        skus.add("not-in-the-catalog");
        return Combinators.combine(Arbitraries.subsetOf(skus).ofMinSize(1), price.list().ofSize(skus.size()))
                .as((listed, prices) -> {
                    Map<String, Step.PriceTable.Entry> table = new HashMap<>();
                    for (int i = 0; i < skus.size(); i++) {
                        if (listed.contains(skus.get(i))) table.put(skus.get(i), new Step.PriceTable.Entry(prices.get(i), i + 2));
                    }
                    return new Step.PriceTable("prices.csv (sha256 " + "ab".repeat(32) + ")", table);
                });
    }

    private static Scenario withTableFirst(Scenario scenario, Step.PriceTable table) {
        List<Step> steps = new ArrayList<>();
        steps.add(table);
        steps.addAll(scenario.rule().transform().subList(0, Math.min(2, scenario.rule().transform().size())));
        return new Scenario(new Rule(scenario.rule().selector(), steps, scenario.currency(), scenario.rule().compareAt()),
                scenario.policy(), scenario.catalog(), scenario.competitors());
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Long, Long>> amountPairs() {
        return Combinators.combine(Arbitraries.longs().between(1, 200_000), Arbitraries.longs().between(1, 200_000)).as(Tuple::of);
    }

    @Provide
    Arbitrary<Tuple.Tuple3<String, BigDecimal, BigDecimal>> charms() {
        return Arbitraries.of(CURRENCIES).flatMap(currency -> Combinators.combine(
                Arbitraries.longs().between(1, 10_000_000).map(l -> amount(l, currency).amount()),
                endings(currency)).as((price, ending) -> Tuple.of(currency, price, ending)));
    }

    /** Fractional endings ({@code 0.99}) and endings over one to three integer digits ({@code 9.00}, {@code 99}). */
    private static Arbitrary<BigDecimal> endings(String currency) {
        int scale = Money.minorUnits(currency);
        Arbitrary<BigDecimal> fractional = Arbitraries.longs().between(0, BigDecimal.TEN.pow(scale).longValue() - 1)
                .map(l -> BigDecimal.valueOf(l, scale));
        Arbitrary<BigDecimal> integral = Arbitraries.integers().between(1, 3).flatMap(digits ->
                Arbitraries.longs().between(BigDecimal.TEN.pow(digits - 1).longValue(), BigDecimal.TEN.pow(digits).longValue() - 1)
                        .flatMap(whole -> Arbitraries.longs().between(0, BigDecimal.TEN.pow(scale).longValue() - 1)
                                .map(fraction -> BigDecimal.valueOf(whole).add(BigDecimal.valueOf(fraction, scale)))));
        return scale == 0 ? integral : Arbitraries.oneOf(fractional, integral);
    }

    static Arbitrary<Rule> rules(String currency) {
        return Combinators.combine(steps(currency).list().ofMinSize(1).ofMaxSize(5),
                        Arbitraries.of(Rule.CompareAt.class))
                .as((steps, compareAt) -> new Rule(new Selector.Everything(), steps, currency, compareAt));
    }

    private static Arbitrary<Step> steps(String currency) {
        Arbitrary<BigDecimal> percent = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-99.99"), new BigDecimal("1000")).ofScale(2),
                Arbitraries.bigDecimals().between(new BigDecimal("-30"), new BigDecimal("30")).ofScale(0));
        Arbitrary<Money> positive = Arbitraries.longs().between(1, 5_000_000).map(l -> amount(l, currency));
        Arbitrary<Money> signed = Arbitraries.longs().between(-500_000, 500_000).map(l -> new Money(BigDecimal.valueOf(l, Money.minorUnits(currency)), currency));
        return Arbitraries.oneOf(
                percent.map(Step.Percent::new),
                signed.map(Step.Add::new),
                positive.map(Step.SetPrice::new),
                percent.map(Step.Markup::new),
                Combinators.combine(Arbitraries.of(Step.Strategy.class), percent, signed, Arbitraries.integers().between(1, 200))
                        .as(Step.MatchCompetitor::new),
                endings(currency).map(e -> new Step.Round(Step.RoundMode.CHARM, null, e)),
                Combinators.combine(Arbitraries.of(Step.RoundMode.NEAREST, Step.RoundMode.UP, Step.RoundMode.DOWN),
                                Arbitraries.longs().between(1, 10_000).map(l -> amount(l, currency).amount()))
                        .as((mode, increment) -> new Step.Round(mode, increment, null)),
                positive.map(Step.Floor::new),
                positive.map(Step.Ceiling::new),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("200")).ofScale(1).map(Step.MinMargin::new));
    }

    private static Arbitrary<TenantPolicy> policies(String currency) {
        Arbitrary<BigDecimal> percent = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100")).ofScale(1);
        Arbitrary<Money> amount = Arbitraries.longs().between(1, 2_000_000).map(l -> amount(l, currency));
        return Combinators.combine(percent.injectNull(0.4), percent.injectNull(0.4), amount.injectNull(0.5),
                        amount.injectNull(0.5), percent.injectNull(0.4), Arbitraries.of(true, false))
                .as((decrease, increase, floor, ceiling, margin, map) -> new TenantPolicy(decrease, increase,
                        floor == null ? Map.of() : Map.of(currency, floor),
                        ceiling == null ? Map.of() : Map.of(currency, ceiling), margin, map, false));
    }

    /** MAP, PMAP (its window holding NOW, past or still to come) and LRP, each there or not, never none. */
    static Arbitrary<BrandFloors> brandFloors(String currency) {
        Arbitrary<Money> amount = Arbitraries.longs().between(1, 2_000_000).map(l -> amount(l, currency));
        Arbitrary<Duration[]> windows = Arbitraries.of(
                new Duration[] {Duration.ofDays(-1), Duration.ofDays(1)},
                new Duration[] {Duration.ofDays(-3), Duration.ofDays(-1)},
                new Duration[] {Duration.ofDays(1), Duration.ofDays(3)},
                new Duration[] {Duration.ZERO, Duration.ofHours(1)},
                new Duration[] {Duration.ofHours(-1), Duration.ZERO});
        return Combinators.combine(amount.injectNull(0.3), amount.injectNull(0.5), windows, amount.injectNull(0.7))
                .as((map, pmap, window, lrp) -> map == null && pmap == null && lrp == null ? null
                        : new BrandFloors(map, pmap, pmap == null ? null : NOW.plus(window[0]),
                        pmap == null ? null : NOW.plus(window[1]), lrp));
    }

    private static Arbitrary<List<CatalogItem>> catalogs(String currency) {
        Arbitrary<Money> amount = Arbitraries.longs().between(1, 2_000_000).map(l -> amount(l, currency));
        Arbitrary<Money> otherCurrency = Arbitraries.longs().between(1, 2_000_000).map(l -> amount(l, "USD".equals(currency) ? "EUR" : "USD"));
        Arbitrary<Money> cost = Arbitraries.oneOf(amount, amount, otherCurrency).injectNull(0.3);
        Arbitrary<CatalogItem> items = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        amount.injectNull(0.1), amount.injectNull(0.6), cost, brandFloors(currency).injectNull(0.5),
                        Arbitraries.of(true, true, true, false))
                .as((sku, price, compareAt, itemCost, map, active) -> new CatalogItem(ProductId.forSku(TENANT, sku), sku,
                        "Title " + sku, "Vendor", "Type", List.of("tag"), Set.of("shopify"), active, itemCost,
                        price == null ? Map.of() : Map.of(currency, price),
                        compareAt == null ? Map.of() : Map.of(currency, compareAt),
                        map == null ? Map.of() : Map.of(currency, map)));
        return items.list().ofMinSize(0).ofMaxSize(25).uniqueElements(CatalogItem::sku);
    }

    private static CompetitorObservations observations(List<CatalogItem> catalog, String currency, int seed) {
        Random random = new Random(seed);
        Map<ProductId, List<Observation>> byProduct = new HashMap<>();
        for (CatalogItem item : catalog) {
            List<Observation> seen = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                seen.add(new Observation("c" + random.nextInt(3), amount(1 + random.nextInt(2_000_000), currency),
                        NOW.minus(Duration.ofMinutes(random.nextInt(200 * 60)))));
            }
            byProduct.put(item.productId(), seen);
        }
        return new CompetitorObservations(byProduct);
    }

    public static Money amount(long minorUnits, String currency) {
        return new Money(BigDecimal.valueOf(minorUnits, Money.minorUnits(currency)), currency);
    }
}
