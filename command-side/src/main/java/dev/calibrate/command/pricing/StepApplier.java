package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.command.pricing.CompetitorObservations.Observation;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies one transform step to one item's price. Every output except a {@code round}'s is rounded
 * half-even to the currency's minor units; no output is ever below one minor unit. A step that
 * cannot apply says why instead of guessing.
 */
final class StepApplier {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

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

    private final String currency;
    private final CompetitorObservations competitors;
    private final Instant now;

    StepApplier(String currency, CompetitorObservations competitors, Instant now) {
        this.currency = currency;
        this.competitors = competitors;
        this.now = now;
    }

    Outcome apply(Step step, BigDecimal price, CatalogItem item) {
        if (step instanceof Step.Percent p) {
            return rounded(price.multiply(factor(p.value())), signed(p.value()) + "%");
        }
        if (step instanceof Step.Add a) {
            return rounded(price.add(a.amount().amount()), signed(a.amount().amount()));
        }
        if (step instanceof Step.SetPrice s) {
            return rounded(s.amount().amount(), "set to " + plain(s.amount().amount()));
        }
        if (step instanceof Step.Markup m) {
            Optional<Money> cost = item.cost(currency);
            if (cost.isEmpty()) {
                return Outcome.skipped("markup needs a cost in " + currency + costElsewhere(item));
            }
            return rounded(cost.get().amount().multiply(factor(m.percent())),
                    "cost " + plain(cost.get().amount()) + " " + signed(m.percent()) + "%");
        }
        if (step instanceof Step.MatchCompetitor mc) {
            return matchCompetitor(mc, item);
        }
        if (step instanceof Step.Round r) {
            if (r.mode() == Step.RoundMode.CHARM) {
                return Outcome.applied(Rounding.charm(price, r.ending(), currency),
                        "charm ending " + plain(r.ending()) + ", nearest (ties down)");
            }
            String mode = r.mode().name().toLowerCase(Locale.ROOT);
            return Outcome.applied(Rounding.toIncrement(price, r.increment(), r.mode(), currency),
                    mode + " " + plain(r.increment()));
        }
        if (step instanceof Step.Floor f) {
            BigDecimal floor = f.amount().amount();
            return price.compareTo(floor) < 0
                    ? rounded(floor, "floor " + plain(floor) + ": raised")
                    : rounded(price, "floor " + plain(floor) + ": ok");
        }
        if (step instanceof Step.Ceiling c) {
            BigDecimal ceiling = c.amount().amount();
            return price.compareTo(ceiling) > 0
                    ? rounded(ceiling, "ceiling " + plain(ceiling) + ": lowered")
                    : rounded(price, "ceiling " + plain(ceiling) + ": ok");
        }
        Step.MinMargin mm = (Step.MinMargin) step;
        Optional<Money> cost = item.cost(currency);
        if (cost.isEmpty()) {
            return rounded(price, "no cost in " + currency + costElsewhere(item) + ": margin not checked");
        }
        BigDecimal floor = marginFloor(cost.get().amount(), mm.percent(), currency);
        String detail = "cost " + plain(cost.get().amount()) + ", floor " + plain(floor);
        return price.compareTo(floor) < 0 ? rounded(floor, detail + ": raised") : rounded(price, detail + ": ok");
    }

    /**
     * cost × (1 + percent/100), rounded UP to minor units: a price at this floor really has the margin;
     * half-even could land a minor unit short of it.
     */
    static BigDecimal marginFloor(BigDecimal cost, BigDecimal percent, String currency) {
        return Rounding.atLeastOneMinorUnit(
                cost.multiply(factor(percent)).setScale(Rounding.scale(currency), RoundingMode.CEILING), currency);
    }

    private Outcome matchCompetitor(Step.MatchCompetitor mc, CatalogItem item) {
        List<Observation> fresh = competitors.fresh(item.productId(), currency, Duration.ofHours(mc.maxAgeHours()), now);
        if (fresh.isEmpty()) {
            return Outcome.skipped("no competitor price in " + currency + " observed within " + mc.maxAgeHours() + "h");
        }
        List<BigDecimal> prices = fresh.stream().map(o -> o.price().amount()).toList();
        BigDecimal base = switch (mc.strategy()) {
            case LOWEST -> prices.stream().min(BigDecimal::compareTo).orElseThrow();
            case HIGHEST -> prices.stream().max(BigDecimal::compareTo).orElseThrow();
            case AVERAGE -> prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                    .divide(BigDecimal.valueOf(prices.size()), MathContext.DECIMAL64);
        };
        BigDecimal target = base.multiply(factor(mc.offsetPercent())).add(mc.offsetAmount().amount());
        String used = fresh.stream().map(Observation::toString).collect(Collectors.joining(", "));
        String detail = mc.strategy().name().toLowerCase(Locale.ROOT) + " of " + fresh.size()
                + " fresh (within " + mc.maxAgeHours() + "h): " + used
                + "; offset " + signed(mc.offsetPercent()) + "% " + signed(mc.offsetAmount().amount());
        return rounded(target, detail);
    }

    private Outcome rounded(BigDecimal raw, String detail) {
        BigDecimal output = Rounding.toMinorUnits(raw, currency);
        if (raw.setScale(Rounding.scale(currency), RoundingMode.HALF_EVEN).compareTo(output) < 0) {
            detail = detail + "; raised to one minor unit";
        }
        return Outcome.applied(output, detail);
    }

    private static BigDecimal factor(BigDecimal percent) {
        return BigDecimal.ONE.add(percent.divide(HUNDRED));
    }

    private static String costElsewhere(CatalogItem item) {
        return item.cost() == null ? "" : " (the cost is in " + item.cost().currency() + "; never converted)";
    }

    private static String signed(BigDecimal value) {
        return (value.signum() >= 0 ? "+" : "") + plain(value);
    }

    static String plain(BigDecimal value) {
        return value.toPlainString();
    }
}
