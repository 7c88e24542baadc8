package dev.calibrate.command.pricing.compiled;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.command.catalog.CatalogColumns;
import dev.calibrate.command.catalog.CatalogColumnsOf;
import dev.calibrate.command.pricing.CompetitorObservations;
import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.EvaluationResult;
import dev.calibrate.command.pricing.PricingEngine;
import dev.calibrate.command.pricing.PricingEnginePropertiesTest;
import dev.calibrate.command.pricing.Rounding;
import dev.calibrate.command.pricing.Rule;
import dev.calibrate.command.pricing.Selector;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.command.pricing.EvaluationResult.ItemResult;
import dev.calibrate.command.pricing.PricingEnginePropertiesTest.Scenario;
import dev.calibrate.command.pricing.Selector.Condition;
import dev.calibrate.command.pricing.Selector.Field;
import dev.calibrate.command.pricing.Selector.Op;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.pricechange.ExplainInputs;
import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.kernel.product.ProductId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled rule against the engine it replaces for previews: on generated catalogs, selectors,
 * every step kind, policies and competitor prices, the same items in the same order with the same
 * prices, statuses and reasons, and, rendered from the frame and the stored inputs, the same explain.
 */
class CompiledRuleTest {

    private static final PricingEngine ENGINE = new PricingEngine();
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();
    private static final List<String> TAGS = List.of("sale", "Sale", "new", "clearance", "tag", "Été");
    private static final List<String> VENDORS = List.of("Acme", "acme", "Bolt", " ");
    /** Names that hold the characters the stored inputs use as separators. */
    private static final List<String> COMPETITORS = List.of("Bolt; Outlet (bolt.example)", "50% off, inc", "c2");

    @Property(tries = 400)
    void givesTheEnginesItemsAndExplains(@ForAll("scenarios") Scenario scenario) throws Exception {
        CatalogColumns columns = CatalogColumnsOf.items(scenario.catalog());
        // the engine over the very products the columns hold, made whole
        EvaluationResult engine = ENGINE.evaluate(scenario.rule(), scenario.policy(), columns.items(),
                scenario.competitors(), NOW);

        PreviewEvaluation compiled = new CompiledRule(scenario.rule(), scenario.policy(), scenario.competitors(), NOW,
                Deadline.NONE).evaluate(columns);

        ExplainFrame stored = MAPPER.readValue(MAPPER.writeValueAsString(compiled.frame()), ExplainFrame.class);
        assertThat(stored).isEqualTo(compiled.frame());
        List<ItemResult> rendered = compiled.items().stream().map(item -> item.toResult(stored)).toList();
        assertThat(rendered).isEqualTo(engine.items());
        assertThat(compiled.summary()).isEqualTo(engine.summary());
    }

    @Property(tries = 100)
    void theHashFollowsWhatWouldBeApplied(@ForAll("scenarios") Scenario scenario) {
        CompiledRule rule = new CompiledRule(scenario.rule(), scenario.policy(), scenario.competitors(), NOW, Deadline.NONE);
        PreviewEvaluation first = rule.evaluate(CatalogColumnsOf.items(scenario.catalog()));
        List<CatalogItem> reversed = new ArrayList<>(scenario.catalog());
        java.util.Collections.reverse(reversed);

        assertThat(rule.evaluate(CatalogColumnsOf.items(reversed)).contentHash()).isEqualTo(first.contentHash());
        List<CatalogItem> repriced = scenario.catalog().stream().map(CompiledRuleTest::pennyMore).toList();
        PreviewEvaluation again = rule.evaluate(CatalogColumnsOf.items(repriced));
        if (!again.items().equals(first.items())) {
            assertThat(again.contentHash()).isNotEqualTo(first.contentHash());
        }
    }

    @Test
    void inputsSurviveTheirTextWhateverACompetitorIsCalled() {
        ExplainInputs inputs = new ExplainInputs(java.util.BitSet.valueOf(new long[]{0b1011}), new BigDecimal("4.10"),
                null, dev.calibrate.kernel.product.BrandFloors.BrandFloor.parse("PMAP 9.00 until 2026-12-01T00:00:00Z"), "PFN-", List.of(new ExplainInputs.StepInput(new BigDecimal("9.99"), true,
                false, null, List.of(new ExplainInputs.Seen("a;b,c%3B%", new BigDecimal("9.99"), NOW))),
                new ExplainInputs.StepInput(null, false, false, null, List.of()),
                new ExplainInputs.StepInput(new BigDecimal("9.50"), false, true, null, List.of(), ExplainInputs.HeldAt.MARGIN_FLOOR),
                new ExplainInputs.StepInput(new BigDecimal("9.75"), false, true, null, List.of(), ExplainInputs.HeldAt.POLICY_FLOOR)));

        assertThat(ExplainInputs.decode(inputs.encode())).isEqualTo(inputs);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(PricingEnginePropertiesTest.scenarios(), Arbitraries.integers().between(0, 1 << 20))
                .flatAs((scenario, seed) -> selectors(scenario.currency(), 2).map(selector -> new Scenario(
                        new Rule(selector, scenario.rule().transform(), scenario.currency(), scenario.rule().compareAt()),
                        scenario.policy(), varied(scenario.catalog(), seed), renamed(scenario.competitors()))));
    }

    private static Arbitrary<Selector> selectors(String currency, int depth) {
        Arbitrary<Selector> leaf = conditions(currency);
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Selector> inner = selectors(currency, depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Selector.Everything())),
                net.jqwik.api.Tuple.of(2, inner.list().ofMinSize(1).ofMaxSize(3).map(Selector.All::new)),
                net.jqwik.api.Tuple.of(2, inner.list().ofMinSize(1).ofMaxSize(3).map(Selector.Any::new)),
                net.jqwik.api.Tuple.of(1, inner.map(Selector.Not::new)));
    }

    private static Arbitrary<Selector> conditions(String currency) {
        Arbitrary<String> atScale = Arbitraries.longs().between(1, 2_000_000)
                .map(l -> PricingEnginePropertiesTest.amount(l, currency).amount().toPlainString());
        // an operand finer than the currency's minor unit: the compiled rule compares unscaled amounts with it
        Arbitrary<String> amount = Arbitraries.oneOf(atScale, atScale.map(a -> a + (a.contains(".") ? "5" : ".5")),
                atScale.map(a -> a + (a.contains(".") ? "0" : ".00")));
        Arbitrary<String> bool = Arbitraries.of("true", "false");
        Arbitrary<Selector> tags = Arbitraries.oneOf(
                Arbitraries.of(TAGS).map(t -> condition(Field.TAGS, Op.CONTAINS, t)),
                Arbitraries.of(TAGS).list().ofMinSize(1).ofMaxSize(3).map(v -> new Condition(Field.TAGS, Op.IN, v)),
                Arbitraries.of("s*", "*e*", "?ew", "ÉTÉ").map(g -> condition(Field.TAGS, Op.GLOB, g)),
                bool.map(b -> condition(Field.TAGS, Op.EXISTS, b)));
        Arbitrary<Selector> vendor = Arbitraries.oneOf(
                Arbitraries.of(VENDORS).map(v -> condition(Field.VENDOR, Op.EQ, v)),
                Arbitraries.of(VENDORS).map(v -> condition(Field.VENDOR, Op.NEQ, v)),
                Arbitraries.of(VENDORS).list().ofMinSize(1).ofMaxSize(2).map(v -> new Condition(Field.VENDOR, Op.IN, v)),
                Arbitraries.of("a*", "B?lt").map(g -> condition(Field.VENDOR, Op.GLOB, g)),
                bool.map(b -> condition(Field.VENDOR, Op.EXISTS, b)),
                Arbitraries.of("A*", "?b*").map(g -> condition(Field.SKU, Op.GLOB, g)),
                Arbitraries.of("shopify", "amazon").map(c -> condition(Field.CHANNEL, Op.CONTAINS, c)),
                bool.map(b -> condition(Field.CHANNEL, Op.EXISTS, b)));
        Arbitrary<Field> moneyField = Arbitraries.of(Field.PRICE, Field.COMPARE_AT_PRICE, Field.COST, Field.COMPETITOR_PRICE);
        Arbitrary<Selector> money = Arbitraries.oneOf(
                Combinators.combine(moneyField, Arbitraries.of(Op.EQ, Op.NEQ, Op.GT, Op.GTE, Op.LT, Op.LTE), amount)
                        .as((field, op, value) -> condition(field, op, value)),
                Combinators.combine(moneyField, amount, amount).as((field, a, b) -> new Condition(field, Op.BETWEEN,
                        new BigDecimal(a).compareTo(new BigDecimal(b)) <= 0 ? List.of(a, b) : List.of(b, a))),
                Combinators.combine(moneyField, bool).as((field, b) -> condition(field, Op.EXISTS, b)));
        return Arbitraries.oneOf(tags, vendor, money);
    }

    private static Selector condition(Field field, Op op, String value) {
        return new Condition(field, op, List.of(value));
    }

    /** Tags, vendors and channels drawn per item, so selectors have something to tell apart. */
    private static List<CatalogItem> varied(List<CatalogItem> catalog, int seed) {
        Random random = new Random(seed);
        List<CatalogItem> varied = new ArrayList<>();
        for (CatalogItem item : catalog) {
            List<String> tags = new ArrayList<>();
            TAGS.forEach(tag -> {
                if (random.nextInt(3) == 0) tags.add(tag);
            });
            Set<String> channels = new HashSet<>();
            if (random.nextBoolean()) channels.add("shopify");
            if (random.nextBoolean()) channels.add("amazon");
            String vendor = random.nextInt(5) == 0 ? null : VENDORS.get(random.nextInt(VENDORS.size()));
            varied.add(new CatalogItem(item.productId(), item.sku(), item.title(), vendor, item.productType(), tags,
                    channels, item.active(), item.cost(), item.prices(), item.compareAt(), item.brandFloors()));
        }
        return varied;
    }

    private static CompetitorObservations renamed(CompetitorObservations competitors) {
        Map<ProductId, List<Observation>> byProduct = new HashMap<>();
        competitors.byProduct().forEach((id, seen) -> byProduct.put(id, seen.stream()
                .map(o -> new Observation(COMPETITORS.get(Integer.parseInt(o.competitor().substring(1))), o.price(),
                        o.observedAt())).toList()));
        return new CompetitorObservations(byProduct);
    }

    private static CatalogItem pennyMore(CatalogItem item) {
        Map<String, Money> prices = new HashMap<>();
        item.prices().forEach((currency, price) -> prices.put(currency, new Money(price.amount()
                .add(Rounding.minorUnit(currency)), currency)));
        return new CatalogItem(item.productId(), item.sku(), item.title(), item.vendor(), item.productType(),
                item.tags(), item.channels(), item.active(), item.cost(), prices, item.compareAt(), item.brandFloors());
    }
}
