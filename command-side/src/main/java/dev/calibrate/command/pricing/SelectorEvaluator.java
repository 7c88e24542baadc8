package dev.calibrate.command.pricing;

import dev.calibrate.kernel.product.CatalogItem;
import dev.calibrate.command.pricing.Selector.Condition;
import dev.calibrate.command.pricing.Selector.Op;
import dev.calibrate.kernel.money.Money;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether an item is selected and says why. Text {@code eq}/{@code neq}/{@code in} compare
 * exactly; {@code glob} and everything on tags ignore case. {@code neq} is the negation of {@code eq},
 * so a missing field is "not equal". Money fields are read in the rule's currency; a missing one
 * fails every comparison.
 */
final class SelectorEvaluator {

    /** Whether the item matched and, if it did, the conditions that made it match. */
    record Match(boolean matched, List<String> because) {
    }

    private final String currency;
    private final CompetitorObservations competitors;
    private final Duration competitorMaxAge;
    private final Instant now;
    private final Deadline deadline;

    SelectorEvaluator(String currency, CompetitorObservations competitors, Duration competitorMaxAge, Instant now,
                      Deadline deadline) {
        this.currency = currency;
        this.competitors = competitors;
        this.competitorMaxAge = competitorMaxAge;
        this.now = now;
        this.deadline = deadline;
    }

    Match evaluate(Selector selector, CatalogItem item) {
        return selector.accept(new Selector.Cases<>() {
            @Override
            public Match everything(Selector.Everything everything) {
                return new Match(true, List.of("everything"));
            }

            @Override
            public Match all(Selector.All all) {
                List<String> because = new ArrayList<>();
                for (Selector s : all.of()) {
                    Match m = evaluate(s, item);
                    if (!m.matched()) return new Match(false, List.of());
                    because.addAll(m.because());
                }
                return new Match(true, because);
            }

            @Override
            public Match any(Selector.Any any) {
                List<String> because = new ArrayList<>();
                boolean matched = false;
                for (Selector s : any.of()) {
                    Match m = evaluate(s, item);
                    if (m.matched()) {
                        matched = true;
                        because.addAll(m.because());
                    }
                }
                return new Match(matched, matched ? because : List.of());
            }

            @Override
            public Match not(Selector.Not not) {
                return evaluate(not.selector(), item).matched()
                        ? new Match(false, List.of())
                        : new Match(true, List.of("not (" + Selector.describe(not.selector()) + ")"));
            }

            @Override
            public Match condition(Condition c) {
                // a selector can hold thousands of conditions: one item alone can outlast the budget
                deadline.check();
                return test(c, item) ? new Match(true, List.of(Selector.describe(c))) : new Match(false, List.of());
            }
        });
    }

    private boolean test(Condition c, CatalogItem item) {
        return switch (c.field()) {
            case PRODUCT_ID -> text(c, item.productId().toString());
            case SKU -> text(c, item.sku());
            case TITLE -> text(c, item.title());
            case VENDOR -> text(c, item.vendor());
            case PRODUCT_TYPE -> text(c, item.productType());
            case TAGS -> collection(c, item.tags(), true);
            case CHANNEL -> collection(c, item.channels(), false);
            case PRICE -> money(c, item.price(currency));
            case COMPARE_AT_PRICE -> money(c, item.compareAt(currency));
            case COST -> money(c, item.cost(currency));
            case COMPETITOR_PRICE -> money(c, competitors.fresh(item.productId(), currency, competitorMaxAge, now)
                    .stream().map(CompetitorObservations.Observation::price).min(Comparator.naturalOrder()));
        };
    }

    private static boolean text(Condition c, String actual) {
        return switch (c.op()) {
            case EQ -> c.value().equals(actual);
            case NEQ -> !c.value().equals(actual);
            case IN -> actual != null && c.values().contains(actual);
            case GLOB -> actual != null && Glob.of(c.value()).matches(actual);
            case EXISTS -> (actual != null && !actual.isBlank()) == Boolean.parseBoolean(c.value());
            default -> throw unsupported(c);
        };
    }

    private static boolean collection(Condition c, Iterable<String> actual, boolean ignoreCase) {
        List<String> members = new ArrayList<>();
        actual.forEach(a -> members.add(ignoreCase ? a.toLowerCase(Locale.ROOT) : a));
        return switch (c.op()) {
            case CONTAINS -> members.contains(ignoreCase ? c.value().toLowerCase(Locale.ROOT) : c.value());
            case IN -> c.values().stream().anyMatch(v -> members.contains(ignoreCase ? v.toLowerCase(Locale.ROOT) : v));
            case GLOB -> {
                Glob glob = Glob.of(c.value());
                yield members.stream().anyMatch(glob::matches);
            }
            case EXISTS -> !members.isEmpty() == Boolean.parseBoolean(c.value());
            default -> throw unsupported(c);
        };
    }

    private static boolean money(Condition c, Optional<Money> actual) {
        if (c.op() == Op.EXISTS) {
            return actual.isPresent() == Boolean.parseBoolean(c.value());
        }
        if (c.op() == Op.NEQ) {
            return actual.isEmpty() || actual.get().amount().compareTo(new BigDecimal(c.value())) != 0;
        }
        if (actual.isEmpty()) {
            return false;
        }
        BigDecimal a = actual.get().amount();
        int cmp = c.op() == Op.BETWEEN ? 0 : a.compareTo(new BigDecimal(c.value()));
        return switch (c.op()) {
            case EQ -> cmp == 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case BETWEEN -> a.compareTo(new BigDecimal(c.values().get(0))) >= 0
                    && a.compareTo(new BigDecimal(c.values().get(1))) <= 0;
            default -> throw unsupported(c);
        };
    }

    private static IllegalArgumentException unsupported(Condition c) {
        // the schema only lets valid field/op pairs through
        return new IllegalArgumentException(c.field().json() + " does not support " + c.op().json());
    }
}
