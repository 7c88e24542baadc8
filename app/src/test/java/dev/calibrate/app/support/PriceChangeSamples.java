package dev.calibrate.app.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PreviewSummary;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The parts of a realistic price change: a summer-sale rule, its definition, preview summary and explain trace. */
public final class PriceChangeSamples {

    /** The example rule of docs/pricing-rules.md: 15% off summer tees, charm-rounded, keeping a 20% margin. */
    public static final JsonNode SUMMER_RULE = json("""
            {"selector": {"all": [
                {"field": "tags", "op": "contains", "value": "summer"},
                {"field": "vendor", "op": "in", "value": ["Acme", "Bolt"]},
                {"field": "sku", "op": "glob", "value": "TS-*"},
                {"field": "price", "op": "between", "value": ["10.00", "50.00"]}]},
             "transform": [
                {"op": "percent", "value": -15},
                {"op": "round", "mode": "charm", "ending": "0.99"},
                {"op": "min_margin", "percent": 20}],
             "currency": "USD",
             "compareAt": "set_to_current"}""");

    public static final Definition SUMMER_SALE = new Definition("Summer sale", SUMMER_RULE,
            Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-30T23:00:00Z"), "Black Friday week");

    public static final Definition BARE = new Definition("Tees -15%", SUMMER_RULE, null, null, null);

    public static final PreviewSummary SUMMARY = new PreviewSummary(120, 97, 11, 3, 9, new BigDecimal("-18.40"),
            new BigDecimal("-15.02"), new BigDecimal("-4.35"));

    public static final PreviewSummary NOTHING_TO_CHANGE = new PreviewSummary(4, 0, 1, 0, 3, null, null, null);

    /** How TS-1 went from 25.00 to 20.99 USD. */
    public static final Explain EXPLAIN = new Explain(
            List.of("tags contains \"summer\"", "vendor in [Acme, Bolt]", "sku glob \"TS-*\"",
                    "price between 10.00 and 50.00"),
            List.of(new StepTrace("percent", new BigDecimal("25.00"), new BigDecimal("21.25"), "-15%"),
                    new StepTrace("round", new BigDecimal("21.25"), new BigDecimal("20.99"), "charm .99, down"),
                    new StepTrace("min_margin", new BigDecimal("20.99"), new BigDecimal("20.99"),
                            "cost 8.00, floor 10.00: ok")),
            List.of(new GuardrailCheck("max decrease 30%", GuardrailCheck.Result.PASS),
                    new GuardrailCheck("floor 9.99 USD", GuardrailCheck.Result.PASS),
                    new GuardrailCheck("min margin 20% (no cost in USD)", GuardrailCheck.Result.NOT_CHECKED)));

    private PriceChangeSamples() {
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
