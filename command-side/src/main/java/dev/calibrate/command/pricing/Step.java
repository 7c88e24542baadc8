package dev.calibrate.command.pricing;

import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.ExplainFrame;
import dev.calibrate.kernel.product.CatalogItem;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One transform step. Amounts are {@link Money} in the rule's currency, so a step can never carry
 * more decimals than the currency has.
 * <p>
 * Each step applies itself: a new variant does not compile until it says what it does to a price and
 * which competitor prices it reads, so no step can reach evaluation unhandled. Every output except a
 * {@code round}'s is rounded half-even to the currency's minor units; no output is ever below one
 * minor unit. A step that cannot apply says why instead of guessing.
 */
public sealed interface Step {

    /** The step's name in the DSL, as the explain trace shows it. */
    String op();

    Outcome apply(BigDecimal price, CatalogItem item, StepContext context);

    /** How far back the competitor prices this step reads reach; empty when it reads none. */
    Optional<Duration> competitorWindow();

    <R> R accept(Cases<R> cases);

    /** One answer per kind of step, so a new kind does not compile until every walk says what it does with it. */
    interface Cases<R> {
        R percent(Percent percent);

        R add(Add add);

        R set(SetPrice set);

        R markup(Markup markup);

        R matchCompetitor(MatchCompetitor match);

        R round(Round round);

        R floor(Floor floor);

        R ceiling(Ceiling ceiling);

        R minMargin(MinMargin minMargin);

        R priceTable(PriceTable table);
    }

    /** Either an {@code output} with its {@code detail}, or a {@code skipReason}. */
    record Outcome(BigDecimal output, String detail, String skipReason) {
        static Outcome applied(BigDecimal output, String detail) {
            return new Outcome(output, detail, null);
        }

        static Outcome skipped(String reason) {
            return new Outcome(null, reason, reason);
        }

        boolean isSkipped() {
            return skipReason != null;
        }
    }

    /** price × (1 + value/100). */
    record Percent(BigDecimal value) implements Step {
        public String op() { return "percent"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            return context.rounded(price.multiply(factor(value)), signed(value) + "%");
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.percent(this); }
    }

    /** price + amount; amount may be negative. */
    record Add(Money amount) implements Step {
        public String op() { return "add"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            return context.rounded(price.add(amount.amount()), signed(amount.amount()));
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.add(this); }
    }

    record SetPrice(Money amount) implements Step {
        public String op() { return "set"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            return context.rounded(amount.amount(), "set to " + plain(amount.amount()));
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.set(this); }
    }

    /** cost × (1 + percent/100); needs a cost in the rule's currency. */
    record Markup(BigDecimal percent) implements Step {
        public String op() { return "markup"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            Optional<Money> cost = item.cost(context.currency());
            if (cost.isEmpty()) {
                return Outcome.skipped("markup needs a cost in " + context.currency() + costElsewhere(item));
            }
            return context.rounded(cost.get().amount().multiply(factor(percent)),
                    "cost " + plain(cost.get().amount()) + " " + signed(percent) + "%");
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.markup(this); }
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

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            List<Observation> fresh = context.competitors().fresh(item.productId(), context.currency(),
                    Duration.ofHours(maxAgeHours), context.now());
            if (fresh.isEmpty()) {
                return Outcome.skipped("no competitor price in " + context.currency() + " observed within "
                        + maxAgeHours + "h");
            }
            List<BigDecimal> prices = fresh.stream().map(o -> o.price().amount()).toList();
            BigDecimal base = switch (strategy) {
                case LOWEST -> prices.stream().min(BigDecimal::compareTo).orElseThrow();
                case HIGHEST -> prices.stream().max(BigDecimal::compareTo).orElseThrow();
                case AVERAGE -> prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                        .divide(BigDecimal.valueOf(prices.size()), MathContext.DECIMAL64);
            };
            BigDecimal target = base.multiply(factor(offsetPercent)).add(offsetAmount.amount());
            String used = fresh.stream().map(Observation::toString).collect(Collectors.joining(", "));
            String detail = strategy.name().toLowerCase(Locale.ROOT) + " of " + fresh.size()
                    + " fresh (within " + maxAgeHours + "h): " + used
                    + "; offset " + signed(offsetPercent) + "% " + signed(offsetAmount.amount());
            Outcome matched = context.rounded(target, detail);
            Optional<Guardrails.HeldFloor> floor = context.matchFloor(item);
            if (floor.isPresent() && matched.output().compareTo(floor.get().amount()) < 0) {
                BigDecimal held = floor.get().amount();
                return Outcome.applied(held, detail + (floor.get().heldAt() == null
                        ? ExplainFrame.heldAtBrandFloor(context.brandFloor(item).orElseThrow().text())
                        : ExplainFrame.heldAt(floor.get().heldAt(), held)));
            }
            return matched;
        }

        public Optional<Duration> competitorWindow() { return Optional.of(Duration.ofHours(maxAgeHours)); }

        public <R> R accept(Cases<R> cases) { return cases.matchCompetitor(this); }
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

        /** Rounds on its own terms, never again half-even to minor units. */
        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            if (mode == RoundMode.CHARM) {
                return Outcome.applied(Rounding.charm(price, ending, context.currency()),
                        "charm ending " + plain(ending) + ", nearest (ties down)");
            }
            return Outcome.applied(Rounding.toIncrement(price, increment, mode, context.currency()),
                    mode.name().toLowerCase(Locale.ROOT) + " " + plain(increment));
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.round(this); }
    }

    record Floor(Money amount) implements Step {
        public String op() { return "floor"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            BigDecimal floor = amount.amount();
            return price.compareTo(floor) < 0
                    ? context.rounded(floor, "floor " + plain(floor) + ": raised")
                    : context.rounded(price, "floor " + plain(floor) + ": ok");
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.floor(this); }
    }

    record Ceiling(Money amount) implements Step {
        public String op() { return "ceiling"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            BigDecimal ceiling = amount.amount();
            return price.compareTo(ceiling) > 0
                    ? context.rounded(ceiling, "ceiling " + plain(ceiling) + ": lowered")
                    : context.rounded(price, "ceiling " + plain(ceiling) + ": ok");
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.ceiling(this); }
    }

    /** Clamp up to cost × (1 + percent/100); a no-op with a note when there is no cost. */
    record MinMargin(BigDecimal percent) implements Step {
        public String op() { return "min_margin"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            String currency = context.currency();
            Optional<Money> cost = item.cost(currency);
            if (cost.isEmpty()) {
                return context.rounded(price, "no cost in " + currency + costElsewhere(item) + ": margin not checked");
            }
            BigDecimal floor = marginFloor(cost.get().amount(), currency);
            String detail = "cost " + plain(cost.get().amount()) + ", floor " + plain(floor);
            return price.compareTo(floor) < 0
                    ? context.rounded(floor, detail + ": raised")
                    : context.rounded(price, detail + ": ok");
        }

        /**
         * cost × (1 + percent/100), rounded UP to minor units: a price at this floor really has the margin;
         * half-even could land a minor unit short of it.
         */
        private BigDecimal marginFloor(BigDecimal cost, String currency) {
            return Rounding.atLeastOneMinorUnit(
                    cost.multiply(factor(percent)).setScale(Rounding.scale(currency), RoundingMode.CEILING), currency);
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.minMargin(this); }
    }

    /**
     * The price each listed SKU gets, from an uploaded table ({@code source} names the file and its hash;
     * each entry its line there). An item whose SKU is not listed is skipped: an upload's rule selects
     * exactly its SKUs, so that only happens when a hand-written rule selects more.
     */
    record PriceTable(String source, Map<String, Entry> prices) implements Step {
        public PriceTable {
            Objects.requireNonNull(source, "source");
            prices = Map.copyOf(prices);
            if (prices.isEmpty()) throw new IllegalArgumentException("a price table lists at least one SKU");
        }

        /** One SKU's price and the line of the upload it came from. */
        public record Entry(Money price, int line) {
            public Entry {
                Objects.requireNonNull(price, "price");
            }
        }

        public String op() { return "price_table"; }

        public Outcome apply(BigDecimal price, CatalogItem item, StepContext context) {
            Entry entry = prices.get(item.sku());
            if (entry == null) {
                return Outcome.skipped(ExplainFrame.notInPriceTable(source));
            }
            return context.rounded(entry.price().amount(), ExplainFrame.fromPriceTable(
                    entry.price().amount(), entry.line(), source));
        }

        public Optional<Duration> competitorWindow() { return Optional.empty(); }

        public <R> R accept(Cases<R> cases) { return cases.priceTable(this); }
    }

    enum Strategy { LOWEST, AVERAGE, HIGHEST }

    enum RoundMode { NEAREST, UP, DOWN, CHARM }

    private static BigDecimal factor(BigDecimal percent) {
        return BigDecimal.ONE.add(percent.divide(BigDecimal.valueOf(100)));
    }

    private static String costElsewhere(CatalogItem item) {
        return item.cost() == null ? "" : " (the cost is in " + item.cost().currency() + "; never converted)";
    }

    private static String signed(BigDecimal value) {
        return (value.signum() >= 0 ? "+" : "") + plain(value);
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
