package dev.calibrate.kernel.pricechange;

import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck;
import dev.calibrate.kernel.pricechange.Explain.GuardrailCheck.Result;
import dev.calibrate.kernel.pricechange.Explain.StepTrace;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every item of one preview's {@link Explain} shares, written once per preview: the texts of
 * the selector's conditions, of the rule's steps and of the tenant's guardrails as they were when it
 * was previewed. With an item's {@link ExplainInputs} (its own amounts: cost, brand floor, each step's
 * output, the competitor prices it used) it renders exactly the explain the pricing engine gives,
 * so a preview stores a few dozen bytes per item instead of the whole trace, and the text is built
 * only for the page someone reads. Never from a re-read of the catalog: the inputs are what was seen.
 *
 * @param currency   the rule's currency
 * @param units      the texts a match can show, in selector order (a condition, a negation, "everything")
 * @param steps      the rule's steps in order
 * @param guardrails the tenant's configured guardrails in the order the engine checks them
 */
public record ExplainFrame(String currency, List<String> units, List<StepFrame> steps,
                           List<GuardrailFrame> guardrails) {

    public ExplainFrame {
        Objects.requireNonNull(currency, "currency");
        units = List.copyOf(units);
        steps = List.copyOf(steps);
        guardrails = List.copyOf(guardrails);
    }

    /** How a step's detail is made from its item's inputs. */
    public enum StepKind {
        /** The detail is the step's {@code text} alone (percent, add, set, round). */
        FIXED,
        /** {@code text} is "floor 5.00"; the item says whether it raised the price. */
        FLOOR,
        /** {@code text} is "ceiling 5.00"; the item says whether it lowered the price. */
        CEILING,
        /** {@code text} is the signed percent ("+20"); the cost is the item's. */
        MARKUP,
        /** The floor is the item's own (from its cost); no text. */
        MIN_MARGIN,
        /** {@code text} is the strategy ("lowest"), {@code offset} "+0% -0.01"; the prices are the item's. */
        MATCH_COMPETITOR,
        /** {@code text} is the upload's source ("prices.csv, sha256 …"); the item's line is its step's number. */
        PRICE_TABLE
    }

    /** {@code maxAgeHours} only for {@link StepKind#MATCH_COMPETITOR}. */
    public record StepFrame(String op, StepKind kind, String text, String offset, int maxAgeHours) {
        public StepFrame {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(kind, "kind");
        }
    }

    public enum GuardrailKind {
        /** The whole rule text is the frame's (maxDecreasePercent, maxIncreasePercent, floor, ceiling). */
        FIXED,
        /** {@code text} is "minMarginPercent 30"; the cost is the item's. */
        MIN_MARGIN,
        /** The brand floor in force (MAP, PMAP or LRP), its text the item's; shown only when the item has one. */
        MAP
    }

    public record GuardrailFrame(GuardrailKind kind, String text) {
        public GuardrailFrame {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The explain of one item whose current price was {@code current} (null when it had none). */
    public Explain render(BigDecimal current, ExplainInputs inputs) {
        List<String> matched = new ArrayList<>();
        inputs.matched().stream().forEach(unit -> matched.add(units.get(unit)));
        List<StepTrace> traces = new ArrayList<>(inputs.steps().size());
        BigDecimal price = current == null ? null : current.setScale(Money.minorUnits(currency), RoundingMode.UNNECESSARY);
        for (int i = 0; i < inputs.steps().size(); i++) {
            ExplainInputs.StepInput step = inputs.steps().get(i);
            StepFrame frame = steps.get(i);
            traces.add(new StepTrace(frame.op(), price, step.output(), detail(frame, step, inputs)));
            price = step.output();
        }
        List<GuardrailCheck> checks = new ArrayList<>();
        String results = inputs.guardrails();
        for (int i = 0; i < results.length(); i++) {
            char result = results.charAt(i);
            if (result == ExplainInputs.ABSENT) {
                continue;
            }
            GuardrailFrame guardrail = guardrails.get(i);
            String rule = switch (guardrail.kind()) {
                case FIXED -> guardrail.text();
                case MIN_MARGIN -> inputs.cost() == null ? guardrail.text() + " (no cost in " + currency + ")"
                        : guardrail.text() + " over cost " + inputs.cost().toPlainString();
                case MAP -> inputs.brandFloor().text();
            };
            checks.add(new GuardrailCheck(rule, switch (result) {
                case ExplainInputs.PASS -> Result.PASS;
                case ExplainInputs.FAIL -> Result.FAIL;
                case ExplainInputs.NOT_CHECKED -> Result.NOT_CHECKED;
                default -> throw new IllegalArgumentException("unknown guardrail result " + result);
            }));
        }
        return new Explain(matched, traces, checks);
    }

    /** The reason a step could not apply, as the engine gives it; null for a step that applies. */
    public String skipReason(StepFrame frame, ExplainInputs inputs) {
        return switch (frame.kind()) {
            case MARKUP -> "markup needs a cost in " + currency + costElsewhere(inputs);
            case MATCH_COMPETITOR -> "no competitor price in " + currency + " observed within "
                    + frame.maxAgeHours() + "h";
            case PRICE_TABLE -> notInPriceTable(frame.text());
            case FIXED, FLOOR, CEILING, MIN_MARGIN -> null;
        };
    }

    /** A price table step's reason for an item whose SKU it does not list. */
    public static String notInPriceTable(String source) {
        return "the SKU is not in the price table from " + source;
    }

    /** A price table step's detail: the price and where in the upload it came from. */
    public static String fromPriceTable(BigDecimal price, int line, String source) {
        return "set to " + price.toPlainString() + " from line " + line + " of " + source;
    }

    private String detail(StepFrame frame, ExplainInputs.StepInput step, ExplainInputs inputs) {
        if (step.output() == null) {
            return skipReason(frame, inputs);
        }
        String detail = switch (frame.kind()) {
            case FIXED -> frame.text();
            case FLOOR -> frame.text() + (step.bound() ? ": raised" : ": ok");
            case CEILING -> frame.text() + (step.bound() ? ": lowered" : ": ok");
            case MARKUP -> "cost " + inputs.cost().toPlainString() + " " + frame.text() + "%";
            case MIN_MARGIN -> step.floor() == null
                    ? "no cost in " + currency + costElsewhere(inputs) + ": margin not checked"
                    : "cost " + inputs.cost().toPlainString() + ", floor " + step.floor().toPlainString()
                    + (step.bound() ? ": raised" : ": ok");
            case MATCH_COMPETITOR -> {
                StringBuilder used = new StringBuilder();
                for (ExplainInputs.Seen seen : step.seen()) {
                    if (!used.isEmpty()) used.append(", ");
                    used.append(seen.competitor()).append(' ').append(seen.price().toPlainString()).append(' ')
                            .append(currency).append(" observed ").append(seen.observedAt());
                }
                String matched = frame.text() + " of " + step.seen().size() + " fresh (within " + frame.maxAgeHours()
                        + "h): " + used + "; offset " + frame.offset();
                if (!step.bound()) yield matched;
                yield matched + (step.heldAt() == null ? heldAtBrandFloor(inputs.brandFloor().text())
                        : heldAt(step.heldAt(), step.output()));
            }
            case PRICE_TABLE -> fromPriceTable(step.output(), step.floor().intValueExact(), frame.text());
        };
        return step.raisedToMinorUnit() ? detail + "; raised to one minor unit" : detail;
    }

    /** What a match step's detail adds when the competitor was below the brand floor it held at. */
    public static String heldAtBrandFloor(String brandFloor) {
        return "; held at " + brandFloor + ": never follows a competitor below the brand floor";
    }

    /** What a match step's detail adds when the competitor was below the policy's or the margin floor it held at. */
    public static String heldAt(ExplainInputs.HeldAt floor, BigDecimal amount) {
        return "; held at the " + (floor == ExplainInputs.HeldAt.POLICY_FLOOR ? "policy" : "margin") + " floor "
                + amount.toPlainString() + ": never follows a competitor below the effective floor";
    }

    private static String costElsewhere(ExplainInputs inputs) {
        return inputs.costElsewhere() == null ? ""
                : " (the cost is in " + inputs.costElsewhere() + "; never converted)";
    }
}
