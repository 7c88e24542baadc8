package dev.calibrate.app.console.pricechange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.console.pricechange.RuleForm.ConditionRow;
import dev.calibrate.app.console.pricechange.RuleForm.StepRow;
import dev.calibrate.command.pricechange.PriceChangeApi.PriceChangeDefinition;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.InvalidInput.Violation;
import dev.calibrate.query.pricechange.PriceChangeReadApi.PriceChangeDetail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The builder's rows as the rule document the API takes (docs/pricing-rules.md), and a stored rule
 * back as rows. Only the translation lives here: what a valid rule is stays the API's decision, so a
 * row's text that is not even a number is named with the same path the API would name.
 */
final class RuleDocument {

    private final ObjectMapper mapper;

    RuleDocument(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The definition the API's draft and edit take, with blank optional fields left out. */
    PriceChangeDefinition definition(RuleForm form) {
        return new PriceChangeDefinition(form.getName() == null ? "" : form.getName(), rule(form),
                blankToNull(form.getScheduleAt()), blankToNull(form.getExpiresAt()), blankToNull(form.getNote()));
    }

    /** The rule as JSON; the first text that cannot be a number or a flag is an InvalidInput naming its path. */
    ObjectNode rule(RuleForm form) {
        List<Violation> violations = new ArrayList<>();
        ObjectNode rule = rule(form, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        return rule;
    }

    private ObjectNode rule(RuleForm form, List<Violation> violations) {
        ObjectNode rule = mapper.createObjectNode();
        rule.set("selector", selector(form, violations));
        ArrayNode transform = rule.putArray("transform");
        for (int i = 0; i < form.getSteps().size(); i++) {
            transform.add(step(form.getSteps().get(i), "rule.transform[" + i + "]", violations));
        }
        rule.put("currency", text(form.getCurrency()));
        rule.put("compareAt", form.getCompareAt() == null || form.getCompareAt().isBlank() ? "keep"
                : form.getCompareAt().trim());
        return rule;
    }

    /**
     * The same rule for the JSON view beside the builder; a row not complete yet shows as typed
     * (a number still empty is an empty string), as the API would be sent it.
     */
    String preview(RuleForm form) {
        List<Violation> ignored = new ArrayList<>();
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(rule(form, ignored));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode selector(RuleForm form, List<Violation> violations) {
        if (form.isEverything()) {
            return mapper.createObjectNode().put("everything", true);
        }
        if (form.getConditions().isEmpty() && form.getSelectorJson() != null && !form.getSelectorJson().isBlank()) {
            try {
                return mapper.readTree(form.getSelectorJson());
            } catch (JsonProcessingException e) {
                violations.add(new Violation("rule.selector", "is not well-formed JSON"));
                return mapper.createObjectNode();
            }
        }
        ObjectNode selector = mapper.createObjectNode();
        ArrayNode all = selector.putArray("all");
        for (int i = 0; i < form.getConditions().size(); i++) {
            all.add(condition(form.getConditions().get(i), "rule.selector.all[" + i + "]", violations));
        }
        return selector;
    }

    private ObjectNode condition(ConditionRow row, String path, List<Violation> violations) {
        ObjectNode leaf = mapper.createObjectNode();
        leaf.put("field", text(row.getField()));
        String op = text(row.getOp());
        leaf.put("op", op);
        String value = text(row.getValue());
        if (op.equals("exists")) {
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                leaf.put("value", Boolean.parseBoolean(value.toLowerCase()));
            } else {
                violations.add(new Violation(path + ".value", "must be true or false"));
                leaf.put("value", value);
            }
        } else if (op.equals("in") || op.equals("between")) {
            ArrayNode values = leaf.putArray("value");
            Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).forEach(values::add);
        } else {
            leaf.put("value", value);
        }
        return leaf;
    }

    private ObjectNode step(StepRow row, String path, List<Violation> violations) {
        ObjectNode step = mapper.createObjectNode();
        String op = text(row.getOp());
        step.put("op", op);
        switch (op) {
            case "percent" -> number(step, "value", row.getValue(), path + ".value", violations);
            case "markup", "min_margin" -> number(step, "percent", row.getValue(), path + ".percent", violations);
            case "add", "set", "floor", "ceiling" -> step.put("amount", text(row.getValue()));
            case "round" -> {
                String mode = text(row.getMode());
                step.put("mode", mode);
                step.put(mode.equals("charm") ? "ending" : "increment", text(row.getExtra()));
            }
            case "match_competitor" -> {
                step.put("strategy", text(row.getStrategy()));
                String hours = text(row.getMaxAgeHours());
                try {
                    step.put("maxAgeHours", Integer.parseInt(hours));
                } catch (NumberFormatException e) {
                    violations.add(new Violation(path + ".maxAgeHours", "must be a whole number of hours"));
                    step.put("maxAgeHours", hours);
                }
                if (!text(row.getValue()).isEmpty()) {
                    number(step, "offsetPercent", row.getValue(), path + ".offsetPercent", violations);
                }
                if (!text(row.getExtra()).isEmpty()) {
                    step.put("offsetAmount", text(row.getExtra()));
                }
            }
            default -> {
                // an unknown op goes to the API as typed, which names it
            }
        }
        return step;
    }

    private static void number(ObjectNode step, String name, String text, String path, List<Violation> violations) {
        try {
            step.put(name, new BigDecimal(text(text)));
        } catch (NumberFormatException e) {
            violations.add(new Violation(path, "must be a number"));
            step.put(name, text(text));
        }
    }

    /** Whether the rule came from an uploaded CSV: a {@code price_table} step, which the API takes only from the import. */
    static boolean imported(JsonNode rule) {
        for (JsonNode step : rule.path("transform")) {
            if ("price_table".equals(step.path("op").asText(null))) return true;
        }
        return false;
    }

    /** A stored rule as rows; a selector the rows cannot show (nested any/not) is kept as JSON. */
    RuleForm form(PriceChangeDetail change) {
        RuleForm form = new RuleForm();
        JsonNode rule = change.rule();
        form.setName(change.name());
        form.setCurrency(rule.path("currency").asText("USD"));
        form.setCompareAt(rule.path("compareAt").asText("keep"));
        form.setScheduleAt(change.scheduleAt() == null ? "" : change.scheduleAt().toString());
        form.setExpiresAt(change.expiresAt() == null ? "" : change.expiresAt().toString());
        form.setNote(change.note() == null ? "" : change.note());
        JsonNode selector = rule.path("selector");
        if (selector.path("everything").asBoolean(false)) {
            form.setEverything(true);
        } else if (selector.has("field")) {
            form.getConditions().add(conditionRow(selector));
        } else if (selector.has("all") && allLeaves(selector.get("all"))) {
            selector.get("all").forEach(leaf -> form.getConditions().add(conditionRow(leaf)));
        } else {
            form.setSelectorJson(selector.toString());
        }
        rule.path("transform").forEach(step -> form.getSteps().add(stepRow(step)));
        return form;
    }

    private static boolean allLeaves(JsonNode all) {
        for (JsonNode leaf : all) {
            if (!leaf.has("field")) {
                return false;
            }
        }
        return true;
    }

    private static ConditionRow conditionRow(JsonNode leaf) {
        JsonNode value = leaf.path("value");
        String text;
        if (value.isArray()) {
            List<String> values = new ArrayList<>();
            value.forEach(v -> values.add(v.asText()));
            text = String.join(", ", values);
        } else {
            text = value.asText();
        }
        return new ConditionRow(leaf.path("field").asText(), leaf.path("op").asText(), text);
    }

    private static StepRow stepRow(JsonNode step) {
        StepRow row = new StepRow();
        String op = step.path("op").asText();
        row.setOp(op);
        switch (op) {
            case "percent" -> row.setValue(step.path("value").asText());
            case "markup", "min_margin" -> row.setValue(step.path("percent").asText());
            case "round" -> {
                row.setMode(step.path("mode").asText());
                row.setExtra(step.has("ending") ? step.path("ending").asText() : step.path("increment").asText());
            }
            case "match_competitor" -> {
                row.setStrategy(step.path("strategy").asText());
                row.setMaxAgeHours(step.path("maxAgeHours").asText());
                row.setValue(step.has("offsetPercent") ? step.path("offsetPercent").asText() : "");
                row.setExtra(step.has("offsetAmount") ? step.path("offsetAmount").asText() : "");
            }
            default -> row.setValue(step.path("amount").asText());
        }
        return row;
    }

    private static String text(String value) {
        return value == null ? "" : value.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
