package dev.calibrate.command.pricing;

import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One transform step. Amounts are {@link Money} in the rule's currency, so a step can never carry
 * more decimals than the currency has.
 */
public sealed interface Step {

    /** The step's name in the DSL, as the explain trace shows it. */
    String op();

    /** price × (1 + value/100). */
    record Percent(BigDecimal value) implements Step {
        public String op() { return "percent"; }
    }

    /** price + amount; amount may be negative. */
    record Add(Money amount) implements Step {
        public String op() { return "add"; }
    }

    record SetPrice(Money amount) implements Step {
        public String op() { return "set"; }
    }

    /** cost × (1 + percent/100); needs a cost in the rule's currency. */
    record Markup(BigDecimal percent) implements Step {
        public String op() { return "markup"; }
    }

    record MatchCompetitor(Strategy strategy, BigDecimal offsetPercent, Money offsetAmount, int maxAgeHours)
            implements Step {
        public MatchCompetitor {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(offsetPercent, "offsetPercent");
            Objects.requireNonNull(offsetAmount, "offsetAmount");
            if (maxAgeHours < 1) throw new IllegalArgumentException("maxAgeHours must be at least 1");
        }

        public String op() { return "match_competitor"; }
    }

    /**
     * {@code increment} for {@code nearest}/{@code up}/{@code down}, {@code ending} for {@code charm};
     * the other one is null.
     */
    record Round(RoundMode mode, BigDecimal increment, BigDecimal ending) implements Step {
        public Round {
            Objects.requireNonNull(mode, "mode");
            if ((mode == RoundMode.CHARM) != (ending != null) || (mode == RoundMode.CHARM) == (increment != null)) {
                throw new IllegalArgumentException("charm rounds to an ending, the other modes to an increment");
            }
        }

        public String op() { return "round"; }
    }

    record Floor(Money amount) implements Step {
        public String op() { return "floor"; }
    }

    record Ceiling(Money amount) implements Step {
        public String op() { return "ceiling"; }
    }

    /** Clamp up to cost × (1 + percent/100); a no-op with a note when there is no cost. */
    record MinMargin(BigDecimal percent) implements Step {
        public String op() { return "min_margin"; }
    }

    enum Strategy { LOWEST, AVERAGE, HIGHEST }

    enum RoundMode { NEAREST, UP, DOWN, CHARM }
}
