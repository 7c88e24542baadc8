package dev.calibrate.app.console.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.pricechange.Explain;

import java.math.BigDecimal;
import java.util.List;

/**
 * An explain trace as the console shows it: the selector conditions matched, each step with the price
 * before and after it, and the guardrails checked. A trace in a shape this release does not read is
 * shown as its JSON.
 */
public record ExplainView(List<String> matched, List<Step> steps, List<Guardrail> guardrails, String raw) {

    public record Step(String op, String input, String output, String detail) {
    }

    public record Guardrail(String rule, String result, String badge) {
    }

    public boolean structured() {
        return raw == null;
    }

    /** The trace the API answered; null when there is none. */
    public static ExplainView of(JsonNode explain, ObjectMapper mapper) {
        if (explain == null || explain.isNull() || explain.isMissingNode()) {
            return null;
        }
        try {
            Explain trace = mapper.treeToValue(explain, Explain.class);
            return new ExplainView(trace.matched(),
                    trace.steps().stream().map(s -> new Step(s.op(), plain(s.input()), plain(s.output()),
                            s.detail())).toList(),
                    trace.guardrails().stream().map(g -> new Guardrail(g.rule(), g.result().json(),
                            switch (g.result()) {
                                case PASS -> "ok";
                                case FAIL -> "bad";
                                case NOT_CHECKED -> "warn";
                            })).toList(),
                    null);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            return new ExplainView(List.of(), List.of(), List.of(), explain.toPrettyString());
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "—" : amount.toPlainString();
    }
}
