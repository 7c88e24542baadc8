package dev.calibrate.command.pricing;

import dev.calibrate.kernel.error.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.List;

import static dev.calibrate.command.pricing.Fixtures.CONTRACT_EXAMPLE;
import static dev.calibrate.command.pricing.Fixtures.json;
import static dev.calibrate.command.pricing.Fixtures.PARSER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleParserTest {

    @Test
    void theContractsExampleParsesIntoTheModel() {
        Rule rule = PARSER.parse(json(CONTRACT_EXAMPLE));

        assertThat(rule.currency()).isEqualTo("USD");
        assertThat(rule.compareAt()).isEqualTo(Rule.CompareAt.SET_TO_CURRENT);
        assertThat(rule.selector()).isEqualTo(new Selector.All(List.of(
                new Selector.Condition(Selector.Field.TAGS, Selector.Op.CONTAINS, List.of("summer")),
                new Selector.Condition(Selector.Field.VENDOR, Selector.Op.IN, List.of("Acme", "Bolt")),
                new Selector.Condition(Selector.Field.SKU, Selector.Op.GLOB, List.of("TS-*")),
                new Selector.Condition(Selector.Field.PRICE, Selector.Op.BETWEEN, List.of("10.00", "50.00")))));
        assertThat(rule.transform()).containsExactly(
                new Step.Percent(new BigDecimal("-15")),
                new Step.Round(Step.RoundMode.CHARM, null, new BigDecimal("0.99")),
                new Step.MinMargin(new BigDecimal("20")));
    }

    @Test
    void compareAtDefaultsToKeep() {
        Rule rule = Fixtures.everything("USD", "[{'op':'add','amount':'1.00'}]");

        assertThat(rule.compareAt()).isEqualTo(Rule.CompareAt.KEEP);
    }

    @Test
    void everyStepKindParses() {
        Rule rule = Fixtures.rule("""
                {'selector': {'any': [{'not': {'field': 'cost', 'op': 'exists', 'value': true}},
                                      {'field': 'channel', 'op': 'contains', 'value': 'amazon'}]},
                 'transform': [
                    {'op': 'add', 'amount': '-1.50'},
                    {'op': 'set', 'amount': '20'},
                    {'op': 'markup', 'percent': 40},
                    {'op': 'match_competitor', 'strategy': 'average', 'offsetPercent': -2, 'offsetAmount': '0.10', 'maxAgeHours': 48},
                    {'op': 'round', 'mode': 'up', 'increment': '0.05'},
                    {'op': 'floor', 'amount': '5.00'},
                    {'op': 'ceiling', 'amount': '500'}],
                 'currency': 'USD', 'compareAt': 'clear'}""");

        assertThat(rule.transform()).extracting(Step::op).containsExactly(
                "add", "set", "markup", "match_competitor", "round", "floor", "ceiling");
        assertThat(rule.transform().get(3)).isEqualTo(new Step.MatchCompetitor(Step.Strategy.AVERAGE,
                new BigDecimal("-2"), Fixtures.money("0.10", "USD"), 48));
        assertThat(rule.compareAt()).isEqualTo(Rule.CompareAt.CLEAR);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // empty selectors never mean "all products"
            "{'selector':{},'transform':[{'op':'percent','value':1}],'currency':'USD'}                                       | selector",
            "{'selector':{'all':[]},'transform':[{'op':'percent','value':1}],'currency':'USD'}                              | selector.all",
            "{'selector':{'any':[]},'transform':[{'op':'percent','value':1}],'currency':'USD'}                              | selector.any",
            "{'selector':{'everything':false},'transform':[{'op':'percent','value':1}],'currency':'USD'}                    | selector.everything",
            "{'transform':[{'op':'percent','value':1}],'currency':'USD'}                                                    | selector",
            // unknown fields and ops, ops a field does not support
            "{'selector':{'field':'colour','op':'eq','value':'red'},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.field",
            "{'selector':{'field':'sku','op':'like','value':'A'},'transform':[{'op':'percent','value':1}],'currency':'USD'}    | selector.op",
            "{'selector':{'field':'sku','op':'gt','value':'A'},'transform':[{'op':'percent','value':1}],'currency':'USD'}     | selector.op",
            "{'selector':{'field':'price','op':'glob','value':'1*'},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.op",
            "{'selector':{'field':'channel','op':'contains','value':'ebay'},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.value",
            "{'selector':{'field':'sku','op':'eq'},'transform':[{'op':'percent','value':1}],'currency':'USD'}                | selector.value",
            "{'selector':{'all':[{'everything':true},{'field':'sku','op':'eq','value':'A','extra':1}]},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.all[1].extra",
            "{'selector':{'everything':true,'field':'sku'},'transform':[{'op':'percent','value':1}],'currency':'USD'}       | selector.field",
            // money operands are decimal strings, never numbers
            "{'selector':{'field':'price','op':'gt','value':10},'transform':[{'op':'percent','value':1}],'currency':'USD'}   | selector.value",
            "{'selector':{'field':'price','op':'between','value':['10.00']},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.value",
            "{'selector':{'field':'cost','op':'exists','value':'yes'},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.value",
            // steps
            "{'selector':{'everything':true},'transform':[],'currency':'USD'}                                               | transform",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':-100}],'currency':'USD'}                  | transform[0].value",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1000.01}],'currency':'USD'}               | transform[0].value",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':'10'}],'currency':'USD'}                  | transform[0].value",
            "{'selector':{'everything':true},'transform':[{'op':'add','amount':1.5}],'currency':'USD'}                      | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'set','amount':'0'}],'currency':'USD'}                      | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'set','amount':'-3.00'}],'currency':'USD'}                  | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'discount','value':5}],'currency':'USD'}                     | transform[0].op",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':5,'amount':'1'}],'currency':'USD'}        | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':5},{'op':'round','mode':'charm','ending':'x.99'}],'currency':'USD'} | transform[1].ending",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':5},{'op':'round','mode':'charm'}],'currency':'USD'} | transform[1].ending",
            "{'selector':{'everything':true},'transform':[{'op':'round','mode':'nearest','ending':'0.99'}],'currency':'USD'} | transform[0].increment",
            "{'selector':{'everything':true},'transform':[{'op':'round','mode':'sideways','increment':'0.05'}],'currency':'USD'} | transform[0].mode",
            "{'selector':{'everything':true},'transform':[{'op':'match_competitor','strategy':'median','maxAgeHours':24}],'currency':'USD'} | transform[0].strategy",
            "{'selector':{'everything':true},'transform':[{'op':'match_competitor','strategy':'lowest'}],'currency':'USD'}  | transform[0].maxAgeHours",
            "{'selector':{'everything':true},'transform':[{'op':'min_margin','percent':-5}],'currency':'USD'}               | transform[0].percent",
            "{'selector':{'everything':true},'transform':[{'op':'markup'}],'currency':'USD'}                                | transform[0].percent",
            // the envelope
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1}],'currency':'usd'}                     | currency",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1}]}                                      | currency",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1}],'currency':'USD','compareAt':'drop'}  | compareAt",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1}],'currency':'USD','dryRun':true}      | dryRun",
    })
    void theSchemaRejectsAnInvalidRuleNamingThePath(String rule, String path) {
        assertThatThrownBy(() -> PARSER.parse(json(rule)))
                .isInstanceOfSatisfying(InvalidInput.class, e ->
                        assertThat(e.violations()).extracting(InvalidInput.Violation::field).contains(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // amounts with more decimals than the rule's currency has
            "{'selector':{'everything':true},'transform':[{'op':'add','amount':'1.5'}],'currency':'JPY'}                  | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'add','amount':'1.0001'}],'currency':'BHD'}               | transform[0].amount",
            "{'selector':{'everything':true},'transform':[{'op':'round','mode':'charm','ending':'0.99'}],'currency':'JPY'} | transform[0].ending",
            "{'selector':{'everything':true},'transform':[{'op':'round','mode':'up','increment':'0.005'}],'currency':'USD'} | transform[0].increment",
            "{'selector':{'field':'price','op':'between','value':['10','10.001']},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.value[1]",
            "{'selector':{'field':'price','op':'between','value':['20.00','10.00']},'transform':[{'op':'percent','value':1}],'currency':'USD'} | selector.value",
            "{'selector':{'everything':true},'transform':[{'op':'percent','value':1}],'currency':'XYZ'}                    | currency",
    })
    void theParserRejectsWhatTheSchemaCannotSee(String rule, String path) {
        assertThatThrownBy(() -> PARSER.parse(json(rule)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(path));
    }

    @Test
    void percentBoundsAreInclusive() {
        assertThat(PARSER.parse(json("{'selector':{'everything':true},'transform':[{'op':'percent','value':-99.99},"
                + "{'op':'percent','value':1000}],'currency':'USD'}")).transform()).hasSize(2);
    }

    @Test
    void selectorsNestThirtyTwoLevelsDeep() {
        assertThat(PARSER.parse(ruleSelecting(nested(32, "not"))).selector()).isInstanceOf(Selector.Not.class);
        assertThat(PARSER.parse(ruleSelecting(nested(32, "all"))).selector()).isInstanceOf(Selector.All.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"not, 33", "any, 33", "all, 400", "not, 100000"})
    void aSelectorNestedDeeperIsRefusedNamingTheFirstLevelTooDeep(String combinator, int depth) {
        String tooDeep = "selector" + ("all".equals(combinator) || "any".equals(combinator)
                ? ("." + combinator + "[0]").repeat(32) : ".not".repeat(32));

        assertThatThrownBy(() -> PARSER.parse(ruleSelecting(nested(depth, combinator))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo(tooDeep);
                    assertThat(e.reason()).contains("deeper than 32");
                });
    }

    /** {@code levels} selectors, each but the innermost a {@code combinator} around the next. */
    private static JsonNode nested(int levels, String combinator) {
        JsonNode selector = json("{'field':'sku','op':'eq','value':'A'}");
        for (int level = 1; level < levels; level++) {
            ObjectNode outer = JsonNodeFactory.instance.objectNode();
            if ("not".equals(combinator)) {
                outer.set("not", selector);
            } else {
                outer.putArray(combinator).add(selector);
            }
            selector = outer;
        }
        return selector;
    }

    private static JsonNode ruleSelecting(JsonNode selector) {
        ObjectNode rule = (ObjectNode) json("{'transform':[{'op':'percent','value':1}],'currency':'USD'}");
        rule.set("selector", selector);
        return rule;
    }
}
