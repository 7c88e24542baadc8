package dev.calibrate.kernel.pricechange;

import dev.calibrate.kernel.product.BrandFloors.BrandFloor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * One item's own part of its {@link Explain}, everything an {@link ExplainFrame} needs to render it:
 * which of the selector's units it matched, its cost (in the rule's currency, or the other currency
 * it is in), the brand floor in force (kind, amount and a PMAP's end, stored as its text "MAP 19.99",
 * so an override can be held to it as the engine held the rule's price), each step's output with what that step saw, and each guardrail's result.
 * Stored as a short text ({@link #encode()}, a few dozen bytes) beside the item's prices.
 *
 * @param guardrails one character per guardrail of the frame: {@link #PASS}, {@link #FAIL},
 *                   {@link #NOT_CHECKED} or {@link #ABSENT}; empty when the item never reached them
 */
public record ExplainInputs(BitSet matched, BigDecimal cost, String costElsewhere, BrandFloor brandFloor,
                            String guardrails, List<StepInput> steps) {

    public static final char PASS = 'P';
    public static final char FAIL = 'F';
    public static final char NOT_CHECKED = 'N';
    public static final char ABSENT = '-';

    public ExplainInputs {
        matched = (BitSet) matched.clone();
        Objects.requireNonNull(guardrails, "guardrails");
        steps = List.copyOf(steps);
    }

    /**
     * @param output            null when the step could not apply
     * @param raisedToMinorUnit the output was raised to one minor unit
     * @param bound             a floor, ceiling or margin raised (or lowered) the price
     * @param floor             a margin step's floor from the item's cost; a price table step's line in its
     *                          upload (the number the explain names); null otherwise
     * @param seen              the competitor prices a match step used, by competitor
     * @param heldAt            which floor a match step held at when {@code bound}: the policy's or the margin
     *                          floor; null for the brand floor (and for every other step)
     */
    public record StepInput(BigDecimal output, boolean raisedToMinorUnit, boolean bound, BigDecimal floor,
                            List<Seen> seen, HeldAt heldAt) {
        public StepInput {
            seen = List.copyOf(seen);
        }

        public StepInput(BigDecimal output, boolean raisedToMinorUnit, boolean bound, BigDecimal floor, List<Seen> seen) {
            this(output, raisedToMinorUnit, bound, floor, seen, null);
        }
    }

    /** The floor other than the brand's that a match step held at (stored as the flag {@code p} or {@code g}). */
    public enum HeldAt { POLICY_FLOOR, MARGIN_FLOOR }

    /** A competitor price a step used, in the rule's currency. */
    public record Seen(String competitor, BigDecimal price, Instant observedAt) {
        public Seen {
            Objects.requireNonNull(competitor, "competitor");
            Objects.requireNonNull(price, "price");
            Objects.requireNonNull(observedAt, "observedAt");
        }
    }

    /** {@code matched;cost;costElsewhere;brandFloor;guardrails;step;step…}, a step being {@code output,flags,floor[,competitor,price,at]…}. */
    public String encode() {
        StringBuilder text = new StringBuilder(64);
        for (int unit = matched.nextSetBit(0); unit >= 0; unit = matched.nextSetBit(unit + 1)) {
            if (text.length() > 0) text.append('.');
            text.append(unit);
        }
        text.append(';');
        plain(text, cost).append(';');
        if (costElsewhere != null) text.append(costElsewhere);
        text.append(';');
        if (brandFloor != null) escape(text, brandFloor.text());
        text.append(';').append(guardrails);
        for (StepInput step : steps) {
            text.append(';');
            plain(text, step.output()).append(',');
            if (step.raisedToMinorUnit()) text.append('m');
            if (step.bound()) text.append('b');
            if (step.heldAt() == HeldAt.POLICY_FLOOR) text.append('p');
            if (step.heldAt() == HeldAt.MARGIN_FLOOR) text.append('g');
            text.append(',');
            plain(text, step.floor());
            for (Seen seen : step.seen()) {
                text.append(',');
                escape(text, seen.competitor()).append(',');
                text.append(seen.price().toPlainString()).append(',').append(seen.observedAt());
            }
        }
        return text.toString();
    }

    public static ExplainInputs decode(String text) {
        String[] fields = text.split(";", -1);
        if (fields.length < 5) {
            throw new IllegalArgumentException("stored explain inputs are not readable: " + text);
        }
        BitSet matched = new BitSet();
        if (!fields[0].isEmpty()) {
            for (String unit : fields[0].split("\\.")) {
                matched.set(Integer.parseInt(unit));
            }
        }
        List<StepInput> steps = new ArrayList<>(fields.length - 5);
        for (int i = 5; i < fields.length; i++) {
            String[] parts = fields[i].split(",", -1);
            List<Seen> seen = new ArrayList<>();
            for (int p = 3; p + 2 < parts.length; p += 3) {
                seen.add(new Seen(unescape(parts[p]), new BigDecimal(parts[p + 1]), Instant.parse(parts[p + 2])));
            }
            HeldAt heldAt = parts[1].indexOf('p') >= 0 ? HeldAt.POLICY_FLOOR
                    : parts[1].indexOf('g') >= 0 ? HeldAt.MARGIN_FLOOR : null;
            steps.add(new StepInput(amount(parts[0]), parts[1].indexOf('m') >= 0, parts[1].indexOf('b') >= 0,
                    amount(parts[2]), seen, heldAt));
        }
        return new ExplainInputs(matched, amount(fields[1]), fields[2].isEmpty() ? null : fields[2],
                brandFloor(fields[3]), fields[4], steps);
    }

    /** Inputs stored before brand floors had kinds held the MAP's amount alone. */
    private static BrandFloor brandFloor(String text) {
        if (text.isEmpty()) return null;
        return Character.isDigit(text.charAt(0)) ? new BrandFloor(BrandFloor.Kind.MAP, new BigDecimal(text), null)
                : BrandFloor.parse(unescape(text));
    }

    private static StringBuilder plain(StringBuilder text, BigDecimal amount) {
        return amount == null ? text : text.append(amount.toPlainString());
    }

    private static BigDecimal amount(String text) {
        return text.isEmpty() ? null : new BigDecimal(text);
    }

    /** A competitor's name (or a floor's text) may hold anything; the three characters the format uses are %-escaped. */
    private static StringBuilder escape(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '%' -> text.append("%25");
                case ';' -> text.append("%3B");
                case ',' -> text.append("%2C");
                default -> text.append(c);
            }
        }
        return text;
    }

    private static String unescape(String value) {
        if (value.indexOf('%') < 0) return value;
        return value.replace("%3B", ";").replace("%2C", ",").replace("%25", "%");
    }
}
