package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.Guardrails;
import dev.calibrate.command.pricing.Rounding;
import dev.calibrate.command.pricing.Step;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.kernel.pricechange.ExplainFrame.StepFrame;
import dev.calibrate.kernel.pricechange.ExplainFrame.StepKind;
import dev.calibrate.kernel.pricechange.ExplainInputs.Seen;
import dev.calibrate.kernel.pricechange.ExplainInputs.StepInput;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.BrandFloors.BrandFloor;
import dev.calibrate.kernel.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Step} made ready once per preview: its factors, bounds and texts worked out, so that per
 * item it only computes amounts, exactly as {@link Step#apply} does, and records what its explain
 * needs ({@link StepInput}) instead of writing the text. Its texts go to the preview's frame once.
 */
final class CompiledStep {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What the step does to one item's price. */
    private interface Apply {
        StepInput apply(BigDecimal price, ItemView item);
    }

    private final StepFrame frame;
    private final int scale;
    private final BigDecimal minorUnit;
    private final Apply apply;

    /** The policy's floor in the currency and minimum margin, where a match holds; null when unset. */
    private final BigDecimal policyFloor;
    private final BigDecimal minMarginPercent;

    CompiledStep(Step step, String currency, TenantPolicy policy) {
        this.policyFloor = policy.floor(currency).map(Money::amount).orElse(null);
        this.minMarginPercent = policy.minMarginPercent();
        this.scale = Rounding.scale(currency);
        this.minorUnit = Rounding.minorUnit(scale);
        this.frame = step.accept(FRAME);
        this.apply = step.accept(new Step.Cases<>() {
            @Override
            public Apply percent(Step.Percent percent) {
                BigDecimal factor = factor(percent.value());
                return (price, item) -> rounded(price.multiply(factor), false, null, List.of());
            }

            @Override
            public Apply add(Step.Add add) {
                BigDecimal amount = add.amount().amount();
                return (price, item) -> rounded(price.add(amount), false, null, List.of());
            }

            @Override
            public Apply set(Step.SetPrice set) {
                BigDecimal amount = set.amount().amount();
                return (price, item) -> rounded(amount, false, null, List.of());
            }

            @Override
            public Apply markup(Step.Markup markup) {
                BigDecimal factor = factor(markup.percent());
                return (price, item) -> item.cost() == null ? skipped()
                        : rounded(item.cost().multiply(factor), false, null, List.of());
            }

            @Override
            public Apply matchCompetitor(Step.MatchCompetitor match) {
                BigDecimal factor = factor(match.offsetPercent());
                return (price, item) -> match(match, factor, item);
            }

            @Override
            public Apply round(Step.Round round) {
                if (round.mode() == Step.RoundMode.CHARM) {
                    BigDecimal period = Rounding.period(round.ending());
                    return (price, item) -> new StepInput(Rounding.charm(price, round.ending(), scale, period, minorUnit),
                            false, false, null, List.of());
                }
                return (price, item) -> new StepInput(Rounding.toIncrement(price, round.increment(), round.mode(), scale),
                        false, false, null, List.of());
            }

            @Override
            public Apply floor(Step.Floor floor) {
                BigDecimal bound = floor.amount().amount();
                return (price, item) -> price.compareTo(bound) < 0
                        ? rounded(bound, true, null, List.of()) : rounded(price, false, null, List.of());
            }

            @Override
            public Apply ceiling(Step.Ceiling ceiling) {
                BigDecimal bound = ceiling.amount().amount();
                return (price, item) -> price.compareTo(bound) > 0
                        ? rounded(bound, true, null, List.of()) : rounded(price, false, null, List.of());
            }

            @Override
            public Apply minMargin(Step.MinMargin minMargin) {
                BigDecimal factor = factor(minMargin.percent());
                return (price, item) -> {
                    if (item.cost() == null) {
                        return rounded(price, false, null, List.of());
                    }
                    // rounded up: a price at this floor really has the margin
                    BigDecimal floor = item.cost().multiply(factor).setScale(scale, RoundingMode.CEILING);
                    if (floor.compareTo(minorUnit) < 0) {
                        floor = minorUnit;
                    }
                    return price.compareTo(floor) < 0 ? rounded(floor, true, floor, List.of())
                            : rounded(price, false, floor, List.of());
                };
            }

            @Override
            public Apply priceTable(Step.PriceTable table) {
                // the line travels in the step's number, so the explain names it without the table
                return (price, item) -> {
                    Step.PriceTable.Entry entry = table.prices().get(item.sku());
                    if (entry == null) {
                        return skipped();
                    }
                    StepInput set = rounded(entry.price().amount(), false, null, List.of());
                    return new StepInput(set.output(), set.raisedToMinorUnit(), false,
                            BigDecimal.valueOf(entry.line()), List.of());
                };
            }
        });
    }

    StepFrame frame() {
        return frame;
    }

    /**
     * The step's output for {@code price}, or a {@link StepInput} with no output when it cannot apply. A
     * match never follows a competitor below the effective floor ({@link Guardrails#matchFloor}: {@code brand},
     * the item's brand floor in force when the policy enforces it, else null; the policy's; the margin's): it
     * holds at it, marked bound and naming which floor it was.
     */
    StepInput apply(BigDecimal price, ItemView item, BrandFloor brand) {
        StepInput input = apply.apply(price, item);
        if (frame.kind() == StepKind.MATCH_COMPETITOR && input.output() != null) {
            Guardrails.HeldFloor held = Guardrails.matchFloor(brand, policyFloor, item.cost(), minMarginPercent, scale);
            if (held != null && input.output().compareTo(held.amount()) < 0) {
                return new StepInput(held.amount(), false, true, null, input.seen(), held.heldAt());
            }
        }
        return input;
    }

    private StepInput match(Step.MatchCompetitor m, BigDecimal factor, ItemView item) {
        List<Observation> fresh = item.fresh(Duration.ofHours(m.maxAgeHours()));
        if (fresh.isEmpty()) {
            return skipped();
        }
        BigDecimal base = switch (m.strategy()) {
            case LOWEST -> fresh.stream().map(o -> o.price().amount()).min(BigDecimal::compareTo).orElseThrow();
            case HIGHEST -> fresh.stream().map(o -> o.price().amount()).max(BigDecimal::compareTo).orElseThrow();
            case AVERAGE -> fresh.stream().map(o -> o.price().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(fresh.size()), MathContext.DECIMAL64);
        };
        List<Seen> seen = new ArrayList<>(fresh.size());
        fresh.forEach(o -> seen.add(new Seen(o.competitor(), o.price().amount(), o.observedAt())));
        return rounded(base.multiply(factor).add(m.offsetAmount().amount()), false, null, seen);
    }

    /** Half-even to minor units, at least one minor unit, as the interpreted step does. */
    private StepInput rounded(BigDecimal raw, boolean bound, BigDecimal floor, List<Seen> seen) {
        BigDecimal output = raw.setScale(scale, RoundingMode.HALF_EVEN);
        boolean raised = output.compareTo(minorUnit) < 0;
        return new StepInput(raised ? minorUnit : output, raised, bound, floor, seen);
    }

    private static StepInput skipped() {
        return new StepInput(null, false, false, null, List.of());
    }

    private static final Step.Cases<StepFrame> FRAME = new Step.Cases<>() {
        @Override
        public StepFrame percent(Step.Percent percent) {
            return fixed(percent, signed(percent.value()) + "%");
        }

        @Override
        public StepFrame add(Step.Add add) {
            return fixed(add, signed(add.amount().amount()));
        }

        @Override
        public StepFrame set(Step.SetPrice set) {
            return fixed(set, "set to " + set.amount().amount().toPlainString());
        }

        @Override
        public StepFrame markup(Step.Markup markup) {
            return new StepFrame(markup.op(), StepKind.MARKUP, signed(markup.percent()), null, 0);
        }

        @Override
        public StepFrame matchCompetitor(Step.MatchCompetitor match) {
            return new StepFrame(match.op(), StepKind.MATCH_COMPETITOR, match.strategy().name().toLowerCase(Locale.ROOT),
                    signed(match.offsetPercent()) + "% " + signed(match.offsetAmount().amount()), match.maxAgeHours());
        }

        @Override
        public StepFrame round(Step.Round round) {
            return fixed(round, round.mode() == Step.RoundMode.CHARM
                    ? "charm ending " + round.ending().toPlainString() + ", nearest (ties down)"
                    : round.mode().name().toLowerCase(Locale.ROOT) + " " + round.increment().toPlainString());
        }

        @Override
        public StepFrame floor(Step.Floor floor) {
            return new StepFrame(floor.op(), StepKind.FLOOR, "floor " + floor.amount().amount().toPlainString(), null, 0);
        }

        @Override
        public StepFrame ceiling(Step.Ceiling ceiling) {
            return new StepFrame(ceiling.op(), StepKind.CEILING, "ceiling " + ceiling.amount().amount().toPlainString(),
                    null, 0);
        }

        @Override
        public StepFrame minMargin(Step.MinMargin minMargin) {
            return new StepFrame(minMargin.op(), StepKind.MIN_MARGIN, null, null, 0);
        }

        @Override
        public StepFrame priceTable(Step.PriceTable table) {
            return new StepFrame(table.op(), StepKind.PRICE_TABLE, table.source(), null, 0);
        }
    };

    private static StepFrame fixed(Step step, String text) {
        return new StepFrame(step.op(), StepKind.FIXED, text, null, 0);
    }

    private static BigDecimal factor(BigDecimal percent) {
        return BigDecimal.ONE.add(percent.divide(HUNDRED));
    }

    private static String signed(BigDecimal value) {
        return (value.signum() >= 0 ? "+" : "") + value.toPlainString();
    }
}
