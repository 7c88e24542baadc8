package dev.calibrate.command.pricing.compiled;

import dev.calibrate.command.pricing.Deadline;
import dev.calibrate.command.pricing.Glob;
import dev.calibrate.command.pricing.Rounding;
import dev.calibrate.command.pricing.Selector;
import dev.calibrate.command.pricing.Selector.Condition;

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
        boolean test(ItemView item, BitSet because);
    }

    /** A condition's test of one item. */
    interface Predicate {
        boolean test(ItemView item);
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
    boolean matches(ItemView item, BitSet because) {
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
                Predicate predicate = predicate(condition, Rounding.scale(currency));
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

    private static Predicate predicate(Condition c, int scale) {
        return switch (c.field()) {
            case PRODUCT_ID -> text(c, ItemView::productIdText);
            case SKU -> text(c, ItemView::sku);
            case TITLE -> text(c, ItemView::title);
            case VENDOR -> text(c, ItemView::vendor);
            case PRODUCT_TYPE -> text(c, ItemView::productType);
            case TAGS -> collection(c, true);
            case CHANNEL -> collection(c, false);
            case PRICE -> AmountConditions.of(c, ItemView::unscaledPrice, scale);
            case COMPARE_AT_PRICE -> AmountConditions.of(c, ItemView::unscaledCompareAt, scale);
            case COST -> AmountConditions.of(c, ItemView::unscaledCost, scale);
            case COMPETITOR_PRICE -> AmountConditions.of(c, ItemView::unscaledLowestCompetitorPrice, scale);
        };
    }

    private interface TextField {
        String of(ItemView item);
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
        java.util.function.Function<ItemView, List<String>> members =
                ignoreCase ? ItemView::lowerTags : ItemView::channels;
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

    /** The schema only lets valid field/op pairs through; one that is not fails when an item reaches it, as before. */
    static Predicate unsupported(Condition c) {
        return item -> {
            throw new IllegalArgumentException(c.field().json() + " does not support " + c.op().json());
        };
    }
}
