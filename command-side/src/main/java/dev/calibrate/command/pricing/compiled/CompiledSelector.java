package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.Glob;
import dev.calibrate.command.pricing.Selector;
import dev.calibrate.command.pricing.Selector.Condition;
import dev.calibrate.command.pricing.Selector.Op;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link Selector} made ready once per preview: operands parsed, globs compiled, tag operands
 * lower-cased, and every text a match can show written once (its {@link #units()}). Per item it only
 * compares, and records which units made the item match as bits: the same list, in the same order,
 * that the interpreted selector gives as text.
 * <p>
 * Units are numbered in selector order, so a subtree's units are a contiguous range; a combinator
 * that fails clears its range, and a failed match leaves no bit behind.
 */
final class CompiledSelector {

    /** One node of the compiled tree; it tests an item and sets the units that made it match. */
    private interface Node {
        boolean test(CompiledRule.ItemView item, BitSet because);
    }

    /** A condition's test of one item. */
    private interface Predicate {
        boolean test(CompiledRule.ItemView item);
    }

    private final Node root;
    private final List<String> units = new ArrayList<>();
    private final Deadline deadline;

    CompiledSelector(Selector selector, String currency, Deadline deadline) {
        this.deadline = deadline;
        this.root = compile(selector, currency);
    }

    /** The texts a match can show, by unit number. */
    List<String> units() {
        return List.copyOf(units);
    }

    /** Whether the item matched; if it did, {@code because} holds the units that made it. */
    boolean matches(CompiledRule.ItemView item, BitSet because) {
        return root.test(item, because);
    }

    private Node compile(Selector selector, String currency) {
        return selector.accept(new Selector.Cases<>() {
            @Override
            public Node all(Selector.All all) {
                int first = units.size();
                List<Node> of = all.of().stream().map(s -> compile(s, currency)).toList();
                int end = units.size();
                return (item, because) -> {
                    for (Node child : of) {
                        if (!child.test(item, because)) {
                            because.clear(first, end);
                            return false;
                        }
                    }
                    return true;
                };
            }

            @Override
            public Node any(Selector.Any any) {
                List<Node> of = any.of().stream().map(s -> compile(s, currency)).toList();
                return (item, because) -> {
                    // every child, not the first that matches: each one that matches is a reason
                    boolean matched = false;
                    for (Node child : of) {
                        matched |= child.test(item, because);
                    }
                    return matched;
                };
            }

            @Override
            public Node not(Selector.Not not) {
                int unit = unit("not (" + Selector.describe(not.selector()) + ")");
                Node child = compile(not.selector(), currency);
                int end = units.size();
                return (item, because) -> {
                    if (child.test(item, because)) {
                        because.clear(unit, end);
                        return false;
                    }
                    because.set(unit);
                    return true;
                };
            }

            @Override
            public Node everything(Selector.Everything everything) {
                int unit = unit("everything");
                return (item, because) -> {
                    because.set(unit);
                    return true;
                };
            }

            @Override
            public Node condition(Condition condition) {
                Predicate predicate = predicate(condition);
                int unit = unit(Selector.describe(condition));
                return (item, because) -> {
                    // a selector can hold thousands of conditions: one item alone can outlast the budget
                    deadline.check();
                    if (predicate.test(item)) {
                        because.set(unit);
                        return true;
                    }
                    return false;
                };
            }
        });
    }

    private int unit(String text) {
        units.add(text);
        return units.size() - 1;
    }

    private static Predicate predicate(Condition c) {
        return switch (c.field()) {
            case PRODUCT_ID -> text(c, item -> item.productIdText());
            case SKU -> text(c, item -> item.item().sku());
            case TITLE -> text(c, item -> item.item().title());
            case VENDOR -> text(c, item -> item.item().vendor());
            case PRODUCT_TYPE -> text(c, item -> item.item().productType());
            case TAGS -> collection(c, true);
            case CHANNEL -> collection(c, false);
            case PRICE -> money(c, CompiledRule.ItemView::price);
            case COMPARE_AT_PRICE -> money(c, CompiledRule.ItemView::compareAt);
            case COST -> money(c, CompiledRule.ItemView::cost);
            case COMPETITOR_PRICE -> money(c, CompiledRule.ItemView::lowestCompetitorPrice);
        };
    }

    private interface TextField {
        String of(CompiledRule.ItemView item);
    }

    private interface MoneyField {
        BigDecimal of(CompiledRule.ItemView item);
    }

    private static Predicate text(Condition c, TextField field) {
        String value = c.value();
        return switch (c.op()) {
            case EQ -> item -> value.equals(field.of(item));
            case NEQ -> item -> !value.equals(field.of(item));
            case IN -> {
                Set<String> values = new HashSet<>(c.values());
                yield item -> {
                    String actual = field.of(item);
                    return actual != null && values.contains(actual);
                };
            }
            case GLOB -> {
                Glob glob = Glob.of(value);
                yield item -> {
                    String actual = field.of(item);
                    return actual != null && glob.matches(actual);
                };
            }
            case EXISTS -> {
                boolean exists = Boolean.parseBoolean(value);
                yield item -> {
                    String actual = field.of(item);
                    return (actual != null && !actual.isBlank()) == exists;
                };
            }
            default -> unsupported(c);
        };
    }

    private static Predicate collection(Condition c, boolean ignoreCase) {
        java.util.function.Function<CompiledRule.ItemView, List<String>> members =
                ignoreCase ? CompiledRule.ItemView::lowerTags : CompiledRule.ItemView::channels;
        return switch (c.op()) {
            case CONTAINS -> {
                String value = ignoreCase ? c.value().toLowerCase(Locale.ROOT) : c.value();
                yield item -> members.apply(item).contains(value);
            }
            case IN -> {
                List<String> values = c.values().stream()
                        .map(v -> ignoreCase ? v.toLowerCase(Locale.ROOT) : v).toList();
                yield item -> {
                    List<String> actual = members.apply(item);
                    for (String v : values) {
                        if (actual.contains(v)) return true;
                    }
                    return false;
                };
            }
            case GLOB -> {
                Glob glob = Glob.of(c.value());
                yield item -> {
                    for (String member : members.apply(item)) {
                        if (glob.matches(member)) return true;
                    }
                    return false;
                };
            }
            case EXISTS -> {
                boolean exists = Boolean.parseBoolean(c.value());
                yield item -> !members.apply(item).isEmpty() == exists;
            }
            default -> unsupported(c);
        };
    }

    private static Predicate money(Condition c, MoneyField field) {
        if (c.op() == Op.EXISTS) {
            boolean exists = Boolean.parseBoolean(c.value());
            return item -> (field.of(item) != null) == exists;
        }
        if (c.op() == Op.BETWEEN) {
            BigDecimal low = new BigDecimal(c.values().get(0));
            BigDecimal high = new BigDecimal(c.values().get(1));
            return item -> {
                BigDecimal a = field.of(item);
                return a != null && a.compareTo(low) >= 0 && a.compareTo(high) <= 0;
            };
        }
        return switch (c.op()) {
            case NEQ -> {
                BigDecimal value = new BigDecimal(c.value());
                yield item -> {
                    BigDecimal a = field.of(item);
                    return a == null || a.compareTo(value) != 0;
                };
            }
            case EQ, GT, GTE, LT, LTE -> {
                BigDecimal value = new BigDecimal(c.value());
                Op op = c.op();
                yield item -> {
                    BigDecimal a = field.of(item);
                    if (a == null) return false;
                    int cmp = a.compareTo(value);
                    return switch (op) {
                        case EQ -> cmp == 0;
                        case GT -> cmp > 0;
                        case GTE -> cmp >= 0;
                        case LT -> cmp < 0;
                        default -> cmp <= 0;
                    };
                };
            }
            default -> {
                Predicate unsupported = unsupported(c);
                // as before: an item without the amount fails the comparison before the op is looked at
                yield item -> field.of(item) != null && unsupported.test(item);
            }
        };
    }

    /** The schema only lets valid field/op pairs through; one that is not fails when an item reaches it, as before. */
    private static Predicate unsupported(Condition c) {
        return item -> {
            throw new IllegalArgumentException(c.field().json() + " does not support " + c.op().json());
        };
    }
}
