package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.CatalogItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

class SelectorTest {

    private static final CatalogItem SHIRT = item("TS-Blue-M").title("Blue T-Shirt").vendor("Acme")
            .productType("Shirts").tags("Summer", "cotton").channels("shopify")
            .usd("24.00").compareAt("30.00", "USD").cost("10.00", "USD").price("3000", "JPY").build();
    private static final CatalogItem BARE = item("MUG-1").title("Mug").usd("8.00").build();

    private static final CompetitorObservations COMPETITORS = new CompetitorObservations(Map.of(
            SHIRT.productId(), List.of(
                    new CompetitorObservations.Observation("bolt", Fixtures.money("22.50", "USD"), NOW.minusSeconds(3600)),
                    new CompetitorObservations.Observation("cargo", Fixtures.money("21.00", "USD"), NOW.minus(Duration.ofDays(3))),
                    new CompetitorObservations.Observation("dash", Fixtures.money("19.00", "EUR"), NOW.minusSeconds(60)))));

    private static boolean selects(String selectorJson, CatalogItem item) {
        Selector selector = Fixtures.rule("{'selector':" + selectorJson
                + ",'transform':[{'op':'percent','value':0}],'currency':'USD'}").selector();
        return new SelectorEvaluator("USD", COMPETITORS, Duration.ofHours(24), NOW, Deadline.NONE)
                .evaluate(selector, item).matched();
    }

    @ParameterizedTest(name = "{0} selects the shirt: {1}")
    @CsvSource(delimiter = '|', value = {
            // eq / neq: exact, case-sensitive; neq is the negation of eq
            "{'field':'sku','op':'eq','value':'TS-Blue-M'}              | true",
            "{'field':'sku','op':'eq','value':'ts-blue-m'}              | false",
            "{'field':'vendor','op':'neq','value':'Bolt'}               | true",
            "{'field':'vendor','op':'neq','value':'Acme'}               | false",
            // in
            "{'field':'vendor','op':'in','value':['Bolt','Acme']}       | true",
            "{'field':'productType','op':'in','value':['Mugs']}         | false",
            // contains: tags (case-insensitive) and channels
            "{'field':'tags','op':'contains','value':'summer'}          | true",
            "{'field':'tags','op':'contains','value':'winter'}          | false",
            "{'field':'tags','op':'in','value':['winter','COTTON']}     | true",
            "{'field':'channel','op':'contains','value':'shopify'}      | true",
            "{'field':'channel','op':'contains','value':'amazon'}       | false",
            "{'field':'channel','op':'in','value':['amazon','shopify']} | true",
            // glob: * and ?, case-insensitive, whole value
            "{'field':'sku','op':'glob','value':'ts-*'}                 | true",
            "{'field':'sku','op':'glob','value':'TS-Blue-?'}            | true",
            "{'field':'sku','op':'glob','value':'TS-Blue-??'}           | false",
            "{'field':'sku','op':'glob','value':'Blue*'}                | false",
            "{'field':'title','op':'glob','value':'*t-shirt'}           | true",
            "{'field':'title','op':'glob','value':'Blue T.Shirt'}       | false",
            "{'field':'tags','op':'glob','value':'sum*'}                | true",
            // gt / gte / lt / lte on money in the rule's currency
            "{'field':'price','op':'gt','value':'23.99'}                | true",
            "{'field':'price','op':'gt','value':'24.00'}                | false",
            "{'field':'price','op':'gte','value':'24'}                  | true",
            "{'field':'price','op':'gte','value':'24.01'}               | false",
            "{'field':'price','op':'lt','value':'24.01'}                | true",
            "{'field':'price','op':'lt','value':'24.00'}                | false",
            "{'field':'price','op':'lte','value':'24.00'}               | true",
            "{'field':'price','op':'lte','value':'23.99'}               | false",
            "{'field':'price','op':'eq','value':'24'}                   | true",
            "{'field':'price','op':'neq','value':'24.00'}               | false",
            "{'field':'compareAtPrice','op':'gt','value':'29.99'}       | true",
            "{'field':'cost','op':'lte','value':'10.00'}                | true",
            // between is inclusive at both ends
            "{'field':'price','op':'between','value':['24.00','50.00']} | true",
            "{'field':'price','op':'between','value':['10.00','24.00']} | true",
            "{'field':'price','op':'between','value':['24.01','50.00']} | false",
            "{'field':'price','op':'between','value':['1.00','23.99']}  | false",
            // competitorPrice: the lowest fresh observation in the rule's currency (bolt 22.50; cargo is stale, dash is EUR)
            "{'field':'competitorPrice','op':'eq','value':'22.50'}      | true",
            "{'field':'competitorPrice','op':'lt','value':'22.00'}      | false",
            // exists
            "{'field':'cost','op':'exists','value':true}                | true",
            "{'field':'cost','op':'exists','value':false}               | false",
            "{'field':'vendor','op':'exists','value':true}              | true",
            "{'field':'competitorPrice','op':'exists','value':true}     | true",
            "{'field':'tags','op':'exists','value':true}                | true",
            "{'field':'channel','op':'exists','value':false}            | false",
            // combinators
            "{'all':[{'field':'vendor','op':'eq','value':'Acme'},{'field':'tags','op':'contains','value':'summer'}]} | true",
            "{'all':[{'field':'vendor','op':'eq','value':'Acme'},{'field':'tags','op':'contains','value':'winter'}]} | false",
            "{'any':[{'field':'vendor','op':'eq','value':'Bolt'},{'field':'tags','op':'contains','value':'summer'}]} | true",
            "{'any':[{'field':'vendor','op':'eq','value':'Bolt'},{'field':'tags','op':'contains','value':'winter'}]} | false",
            "{'not':{'field':'vendor','op':'eq','value':'Acme'}}        | false",
            "{'not':{'any':[{'field':'sku','op':'glob','value':'MUG*'}]}} | true",
            "{'everything':true}                                        | true",
    })
    void eachOperatorOnAFullyDescribedProduct(String selector, boolean expected) {
        assertThat(selects(selector, SHIRT)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} selects a product without it: {1}")
    @CsvSource(delimiter = '|', value = {
            "{'field':'vendor','op':'eq','value':'Acme'}                | false",
            "{'field':'vendor','op':'neq','value':'Acme'}               | true",
            "{'field':'vendor','op':'in','value':['Acme']}              | false",
            "{'field':'vendor','op':'glob','value':'*'}                 | false",
            "{'field':'vendor','op':'exists','value':false}             | true",
            "{'field':'tags','op':'exists','value':false}               | true",
            "{'field':'channel','op':'exists','value':true}             | false",
            "{'field':'cost','op':'gt','value':'0.00'}                  | false",
            "{'field':'cost','op':'lte','value':'1000.00'}              | false",
            "{'field':'cost','op':'between','value':['0','1000']}       | false",
            "{'field':'compareAtPrice','op':'exists','value':false}     | true",
            "{'field':'competitorPrice','op':'exists','value':false}    | true",
    })
    void aMissingFieldFailsEveryComparisonButNeqAndExistsFalse(String selector, boolean expected) {
        assertThat(selects(selector, BARE)).isEqualTo(expected);
    }

    @Test
    void moneyFieldsAreReadInTheRulesCurrencyOnly() {
        Selector selector = Fixtures.rule("{'selector':{'field':'price','op':'gt','value':'100'},"
                + "'transform':[{'op':'percent','value':0}],'currency':'JPY'}").selector();
        SelectorEvaluator jpy = new SelectorEvaluator("JPY", COMPETITORS, Duration.ofHours(24), NOW, Deadline.NONE);

        assertThat(jpy.evaluate(selector, SHIRT).matched()).isTrue();   // 3000 JPY
        assertThat(jpy.evaluate(selector, BARE).matched()).isFalse();   // no JPY price at all
    }

    @Test
    void productIdCanBeSelectedByItsCanonicalText() {
        assertThat(selects("{'field':'productId','op':'eq','value':'" + SHIRT.productId() + "'}", SHIRT)).isTrue();
        assertThat(selects("{'field':'productId','op':'eq','value':'" + SHIRT.productId() + "'}", BARE)).isFalse();
    }

    @Test
    void theMatchNamesTheConditionsThatSelectedTheProduct() {
        Selector selector = Fixtures.rule("""
                {'selector': {'all': [
                    {'field': 'tags', 'op': 'contains', 'value': 'summer'},
                    {'any': [{'field': 'vendor', 'op': 'in', 'value': ['Acme', 'Bolt']},
                             {'field': 'sku', 'op': 'eq', 'value': 'nope'}]},
                    {'not': {'field': 'productType', 'op': 'eq', 'value': 'Mugs'}},
                    {'field': 'price', 'op': 'between', 'value': ['10.00', '50.00']}]},
                 'transform': [{'op': 'percent', 'value': 0}], 'currency': 'USD'}""").selector();

        SelectorEvaluator.Match match = new SelectorEvaluator("USD", COMPETITORS, Duration.ofHours(24), NOW,
                Deadline.NONE)
                .evaluate(selector, SHIRT);

        assertThat(match.matched()).isTrue();
        assertThat(match.because()).containsExactly("tags contains summer", "vendor in [Acme, Bolt]",
                "not (productType eq Mugs)", "price between 10.00 and 50.00");
    }

    @Test
    void onlyActiveProductsAreSelected() {
        CatalogItem retired = item("OLD-1").usd("5.00").inactive().build();

        EvaluationResult result = Fixtures.evaluate(Fixtures.everything("USD", "[{'op':'percent','value':10}]"),
                retired, BARE);

        assertThat(result.items()).extracting(EvaluationResult.ItemResult::sku).containsExactly("MUG-1");
    }

    @Test
    void globTreatsRegexCharactersLiterally() {
        assertThat(Glob.of("a.b(c)+*").matches("A.B(C)+ whatever")).isTrue();
        assertThat(Glob.of("a.b").matches("axb")).isFalse();
    }

    @Test
    void aLongInListReadsAsItsFirstValuesAndHowManyMore() {
        List<String> skus = java.util.stream.IntStream.rangeClosed(1, 1000).mapToObj(i -> "S" + i).toList();

        String described = Selector.describe(new Selector.Condition(Selector.Field.SKU, Selector.Op.IN, skus));

        assertThat(described).isEqualTo("sku in [S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, … 990 more]");
        assertThat(Selector.describe(new Selector.Condition(Selector.Field.SKU, Selector.Op.IN, skus.subList(0, 10))))
                .isEqualTo("sku in [S1, S2, S3, S4, S5, S6, S7, S8, S9, S10]");
    }
}
