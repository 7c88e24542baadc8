package dev.calibrate.command.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.command.pricing.Selector.Condition;
import dev.calibrate.command.pricing.Selector.Field;
import dev.calibrate.command.pricing.Selector.Op;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.schemas.SchemaRegistry;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a rule's JSON into a {@link Rule}: first the selector's nesting, then the {@code PricingRule}
 * schema, then the checks a schema cannot make (amounts with more decimals than the rule's currency has).
 * Every rejection is an {@link InvalidInput} naming the offending path.
 */
public final class RuleParser {

    public static final String SCHEMA = "PricingRule";
    /**
     * How deep {@code all}/{@code any}/{@code not} may nest. Validating and evaluating a selector recurse
     * once per level; a few hundred levels overflowed the stack.
     */
    public static final int MAX_SELECTOR_DEPTH = 32;

    private final SchemaRegistry schemas;

    public RuleParser(SchemaRegistry schemas) {
        this.schemas = schemas;
    }

    /**
     * Checks a rule a request carries under {@code field}: every violation is named from that field
     * ({@code rule.transform[0].value}), as the request's other fields are.
     */
    public void check(JsonNode json, String field) {
        try {
            parse(json);
        } catch (InvalidInput invalid) {
            throw under(field, invalid);
        }
    }

    /** {@link #check} of a rule a client wrote, which never carries a price table ({@link #refuseHandWrittenTable}). */
    public void checkWritten(JsonNode json, String field) {
        try {
            refuseHandWrittenTable(json);
        } catch (InvalidInput invalid) {
            throw under(field, invalid);
        }
        check(json, field);
    }

    private static InvalidInput under(String field, InvalidInput invalid) {
        return new InvalidInput(invalid.violations().stream()
                .map(v -> new InvalidInput.Violation(v.field().equals("(body)") ? field : field + "." + v.field(),
                        v.message()))
                .toList());
    }

    public Rule parse(JsonNode json) {
        requireShallowSelector(json.path("selector"));
        schemas.validate(SCHEMA, json);
        String currency = json.get("currency").asText();
        Money.minorUnits(currency); // throws InvalidMoney naming "currency"
        Selector selector = selector(json.get("selector"), "selector", currency);
        List<Step> steps = new ArrayList<>();
        JsonNode transform = json.get("transform");
        for (int i = 0; i < transform.size(); i++) {
            steps.add(step(transform.get(i), "transform[" + i + "]", currency));
        }
        String compareAt = json.path("compareAt").asText("keep");
        return new Rule(selector, steps, currency, Rule.CompareAt.valueOf(compareAt.toUpperCase(Locale.ROOT)));
    }

    /**
     * Refuses a {@code price_table} step in a rule a client wrote: its explain asserts "from line N of file
     * (sha256 …)", which only the import has read, so only {@code POST /api/v1/price-changes:import} builds one
     * and a hand-written table could otherwise claim an upload's provenance for prices nobody uploaded.
     */
    public static void refuseHandWrittenTable(JsonNode json) {
        JsonNode transform = json.path("transform");
        for (int i = 0; i < transform.size(); i++) {
            if ("price_table".equals(transform.get(i).path("op").asText(null))) {
                throw new InvalidInput("transform[" + i + "].op", "price_table is built only by uploading the CSV "
                        + "(POST /api/v1/price-changes:import); upload it again to change the prices");
            }
        }
    }

    /** Walks the selector without recursing, before anything else does, whatever its shape. */
    private static void requireShallowSelector(JsonNode selector) {
        record Level(JsonNode node, String path, int depth) {
        }
        Deque<Level> open = new ArrayDeque<>();
        open.push(new Level(selector, "selector", 1));
        while (!open.isEmpty()) {
            Level level = open.pop();
            if (level.depth() > MAX_SELECTOR_DEPTH) {
                throw new InvalidInput(level.path(), "nests selectors deeper than " + MAX_SELECTOR_DEPTH
                        + " levels (all, any, not)");
            }
            for (String list : List.of("all", "any")) {
                JsonNode members = level.node().path(list);
                if (members.isArray()) {
                    for (int i = 0; i < members.size(); i++) {
                        open.push(new Level(members.get(i), level.path() + "." + list + "[" + i + "]",
                                level.depth() + 1));
                    }
                }
            }
            if (level.node().path("not").isObject()) {
                open.push(new Level(level.node().get("not"), level.path() + ".not", level.depth() + 1));
            }
        }
    }

    private static Selector selector(JsonNode node, String path, String currency) {
        if (node.has("all")) return new Selector.All(list(node.get("all"), path + ".all", currency));
        if (node.has("any")) return new Selector.Any(list(node.get("any"), path + ".any", currency));
        if (node.has("not")) return new Selector.Not(selector(node.get("not"), path + ".not", currency));
        if (node.has("everything")) return new Selector.Everything();
        Field field = Field.fromJson(node.get("field").asText());
        Op op = Op.fromJson(node.get("op").asText());
        JsonNode value = node.get("value");
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> values.add(v.asText()));
        } else {
            values.add(value.asText());
        }
        if (field.isMoney() && op != Op.EXISTS) {
            for (int i = 0; i < values.size(); i++) {
                String at = value.isArray() ? path + ".value[" + i + "]" : path + ".value";
                Money.parse(values.get(i), currency, at);
            }
            if (op == Op.BETWEEN && new BigDecimal(values.get(0)).compareTo(new BigDecimal(values.get(1))) > 0) {
                throw new InvalidInput(path + ".value", "between needs the lower bound first");
            }
        }
        return new Condition(field, op, values);
    }

    private static List<Selector> list(JsonNode array, String path, String currency) {
        List<Selector> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            result.add(selector(array.get(i), path + "[" + i + "]", currency));
        }
        return result;
    }

    private static Step step(JsonNode node, String path, String currency) {
        return switch (node.get("op").asText()) {
            case "percent" -> new Step.Percent(node.get("value").decimalValue());
            case "add" -> new Step.Add(money(node, "amount", path, currency));
            case "set" -> new Step.SetPrice(money(node, "amount", path, currency));
            case "markup" -> new Step.Markup(node.get("percent").decimalValue());
            case "floor" -> new Step.Floor(money(node, "amount", path, currency));
            case "ceiling" -> new Step.Ceiling(money(node, "amount", path, currency));
            case "min_margin" -> new Step.MinMargin(node.get("percent").decimalValue());
            case "match_competitor" -> new Step.MatchCompetitor(
                    Step.Strategy.valueOf(node.get("strategy").asText().toUpperCase(Locale.ROOT)),
                    node.has("offsetPercent") ? node.get("offsetPercent").decimalValue() : BigDecimal.ZERO,
                    node.has("offsetAmount") ? money(node, "offsetAmount", path, currency)
                            : new Money(BigDecimal.ZERO, currency),
                    node.get("maxAgeHours").asInt());
            case "round" -> round(node, path, currency);
            case "price_table" -> priceTable(node, path, currency);
            default -> throw new InvalidInput(path + ".op", "is not a known step"); // the schema rejects it first
        };
    }

    /** The schema bounds the table; a SKU listed twice would make its price ambiguous. */
    private static Step priceTable(JsonNode node, String path, String currency) {
        JsonNode source = node.get("source");
        Map<String, Step.PriceTable.Entry> prices = new HashMap<>();
        JsonNode rows = node.get("prices");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            String at = path + ".prices[" + i + "]";
            Step.PriceTable.Entry entry = new Step.PriceTable.Entry(money(row, "price", at, currency),
                    row.get("line").asInt());
            if (prices.putIfAbsent(row.get("sku").asText(), entry) != null) {
                throw new InvalidInput(at + ".sku", "is listed twice");
            }
        }
        return new Step.PriceTable(source.get("file").asText() + " (sha256 " + source.get("sha256").asText() + ")",
                prices);
    }

    private static Step round(JsonNode node, String path, String currency) {
        Step.RoundMode mode = Step.RoundMode.valueOf(node.get("mode").asText().toUpperCase(Locale.ROOT));
        if (mode == Step.RoundMode.CHARM) {
            return new Step.Round(mode, null, money(node, "ending", path, currency).amount());
        }
        return new Step.Round(mode, money(node, "increment", path, currency).amount(), null);
    }

    private static Money money(JsonNode node, String name, String path, String currency) {
        return Money.parse(node.get(name).asText(), currency, path + "." + name);
    }
}
