package dev.calibrate.command.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which products a rule applies to; a tree of combinators over {@link Condition} leaves. Whatever
 * walks the tree does it through a {@link Cases}, so a new kind of selector does not compile until
 * every walk says what it does with it.
 */
public sealed interface Selector {

    <R> R accept(Cases<R> cases);

    /**
     * The selector as a reason shows it, e.g. {@code tags contains sale and (vendor eq Acme or not (sku glob A*))}:
     * a combinator inside another is parenthesised; a leaf or a negation reads unambiguously as it is.
     */
    static String describe(Selector selector) {
        return selector.accept(new Cases<>() {
            @Override
            public String everything(Everything everything) {
                return "everything";
            }

            @Override
            public String all(All all) {
                return join(all.of(), " and ");
            }

            @Override
            public String any(Any any) {
                return join(any.of(), " or ");
            }

            @Override
            public String not(Not not) {
                return "not (" + describe(not.selector()) + ")";
            }

            @Override
            public String condition(Condition c) {
                String operand = switch (c.op()) {
                    case IN -> inList(c.values());
                    case BETWEEN -> c.values().get(0) + " and " + c.values().get(1);
                    default -> c.value();
                };
                return c.field().json() + " " + c.op().json() + " " + operand;
            }
        });
    }

    /** How many of an {@code in} list's values a reason names. */
    int DESCRIBED_VALUES = 10;

    /**
     * An {@code in} list as a reason shows it: a long one (an upload's thousand SKUs) by its first values and
     * how many more, as every matched item's explain repeats it.
     */
    private static String inList(List<String> values) {
        if (values.size() <= DESCRIBED_VALUES) {
            return "[" + String.join(", ", values) + "]";
        }
        return "[" + String.join(", ", values.subList(0, DESCRIBED_VALUES)) + ", … "
                + (values.size() - DESCRIBED_VALUES) + " more]";
    }

    private static String join(List<Selector> selectors, String separator) {
        List<String> parts = new ArrayList<>();
        for (Selector s : selectors) {
            parts.add(readsAlone(s) ? describe(s) : "(" + describe(s) + ")");
        }
        return String.join(separator, parts);
    }

    private static boolean readsAlone(Selector selector) {
        return selector.accept(new Cases<>() {
            @Override
            public Boolean all(All all) {
                return false;
            }

            @Override
            public Boolean any(Any any) {
                return false;
            }

            @Override
            public Boolean not(Not not) {
                return true;
            }

            @Override
            public Boolean everything(Everything everything) {
                return false;
            }

            @Override
            public Boolean condition(Condition condition) {
                return true;
            }
        });
    }

    /** One answer per kind of selector. */
    interface Cases<R> {
        R all(All all);

        R any(Any any);

        R not(Not not);

        R everything(Everything everything);

        R condition(Condition condition);
    }

    record All(List<Selector> of) implements Selector {
        public All {
            of = List.copyOf(of);
            if (of.isEmpty()) throw new IllegalArgumentException("all needs at least one selector");
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.all(this);
        }
    }

    record Any(List<Selector> of) implements Selector {
        public Any {
            of = List.copyOf(of);
            if (of.isEmpty()) throw new IllegalArgumentException("any needs at least one selector");
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.any(this);
        }
    }

    record Not(Selector selector) implements Selector {
        public Not {
            Objects.requireNonNull(selector, "selector");
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.not(this);
        }
    }

    /** The whole catalog, said explicitly: an empty selector is never "all products". */
    record Everything() implements Selector {
        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.everything(this);
        }
    }

    /**
     * {@code field op value}. {@code values} holds the operand(s) as written: one for most ops, the
     * list for {@code in}, two for {@code between}, {@code "true"}/{@code "false"} for {@code exists}.
     */
    record Condition(Field field, Op op, List<String> values) implements Selector {
        public Condition {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            values = List.copyOf(values);
        }

        public String value() {
            return values.get(0);
        }

        @Override
        public <R> R accept(Cases<R> cases) {
            return cases.condition(this);
        }
    }

    enum Field {
        PRODUCT_ID("productId"), SKU("sku"), TITLE("title"), VENDOR("vendor"), PRODUCT_TYPE("productType"),
        TAGS("tags"), CHANNEL("channel"),
        PRICE("price"), COMPARE_AT_PRICE("compareAtPrice"), COST("cost"), COMPETITOR_PRICE("competitorPrice");

        private final String json;

        Field(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public boolean isMoney() {
            return this == PRICE || this == COMPARE_AT_PRICE || this == COST || this == COMPETITOR_PRICE;
        }

        public static Field fromJson(String name) {
            for (Field f : values()) {
                if (f.json.equals(name)) return f;
            }
            throw new IllegalArgumentException("unknown field " + name);
        }
    }

    enum Op {
        EQ, NEQ, IN, CONTAINS, GLOB, GT, GTE, LT, LTE, BETWEEN, EXISTS;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Op fromJson(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
