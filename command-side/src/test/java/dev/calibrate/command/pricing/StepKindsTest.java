package dev.calibrate.command.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.kernel.product.CatalogItem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.calibrate.command.pricing.Fixtures.NOW;
import static dev.calibrate.command.pricing.Fixtures.SCHEMAS;
import static dev.calibrate.command.pricing.Fixtures.everything;
import static dev.calibrate.command.pricing.Fixtures.item;
import static dev.calibrate.command.pricing.Fixtures.money;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule schema's step kinds and the Java step variants are the same set: a kind the schema accepts
 * with no variant behind it, or a variant no rule can reach, fails here rather than in a customer's preview.
 */
class StepKindsTest {

    /** One valid step per kind the schema names (single quotes). */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("percent", "{'op':'percent','value':-10}"),
            Map.entry("add", "{'op':'add','amount':'-1.50'}"),
            Map.entry("set", "{'op':'set','amount':'20.00'}"),
            Map.entry("markup", "{'op':'markup','percent':40}"),
            Map.entry("match_competitor", "{'op':'match_competitor','strategy':'lowest','maxAgeHours':24}"),
            Map.entry("round", "{'op':'round','mode':'charm','ending':'0.99'}"),
            Map.entry("floor", "{'op':'floor','amount':'5.00'}"),
            Map.entry("ceiling", "{'op':'ceiling','amount':'500.00'}"),
            Map.entry("min_margin", "{'op':'min_margin','percent':20}"),
            Map.entry("price_table", "{'op':'price_table','source':{'file':'prices.csv','sha256':'" + "ab".repeat(32)
                    + "'},"
                    + "'prices':[{'sku':'SKU-1','price':'25.00','line':2}]}"));

    @Test
    void everyStepKindOfTheSchemaHasASample() {
        assertThat(new TreeSet<>(SAMPLES.keySet())).isEqualTo(schemaStepKinds());
    }

    @Test
    void everyStepKindParsesIntoItsOwnVariantAndEveryVariantIsReachable() {
        Set<Class<?>> parsed = new HashSet<>();
        SAMPLES.forEach((op, sample) -> {
            Step step = everything("USD", "[" + sample + "]").transform().get(0);
            assertThat(step.op()).as(sample).isEqualTo(op);
            assertThat(parsed.add(step.getClass())).as("%s parses into a variant another kind uses", op).isTrue();
        });

        assertThat(parsed).containsExactlyInAnyOrder(Step.class.getPermittedSubclasses());
    }

    @Test
    void everyVariantPricesAnItemThatHasWhatItNeeds() {
        CatalogItem product = item("SKU-1").usd("30.00").cost("10.00", "USD").build();
        CompetitorObservations seen = new CompetitorObservations(Map.of(product.productId(), List.of(
                new Observation("bolt", money("27.00", "USD"), NOW.minus(Duration.ofHours(3))))));
        StepContext context = new StepContext("USD", seen, NOW, false);

        SAMPLES.forEach((op, sample) -> {
            Step step = everything("USD", "[" + sample + "]").transform().get(0);
            Step.Outcome outcome = step.apply(new BigDecimal("30.00"), product, context);
            assertThat(outcome.isSkipped()).as(op).isFalse();
            assertThat(outcome.output()).as(op).isPositive();
        });
    }

    private static Set<String> schemaStepKinds() {
        String version = SCHEMAS.latest(RuleParser.SCHEMA).orElseThrow().version();
        JsonNode kinds = SCHEMAS.document(RuleParser.SCHEMA, version).at("/$defs/step/properties/op/enum");
        Set<String> result = new TreeSet<>();
        kinds.forEach(kind -> result.add(kind.asText()));
        assertThat(result).as("the schema's step kinds").isNotEmpty();
        return result;
    }
}
