package dev.calibrate.kernel.pricechange;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Why a product got its price: the selector conditions it matched, every transform step with its
 * input, output and reason, and every guardrail checked. Travels in the preview and in the product
 * price event, so the event store explains every price Calibrate sets.
 */
public record Explain(List<String> matched, List<StepTrace> steps, List<GuardrailCheck> guardrails) {

    public Explain {
        matched = List.copyOf(matched);
        steps = List.copyOf(steps);
        guardrails = List.copyOf(guardrails);
    }

    /** {@code output} is null when the step could not apply. Amounts travel as decimal strings, like {@code Money}. */
    public record StepTrace(String op, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal input,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal output, String detail) {
    }

    public record GuardrailCheck(String rule, Result result) {
        public enum Result {
            PASS, FAIL,
            /** The guardrail applies but cannot be checked (a margin without a cost); never blocks. */
            NOT_CHECKED;

            @JsonValue
            public String json() {
                return name().toLowerCase(Locale.ROOT);
            }
        }
    }
}
