package dev.calibrate.connectors.shopify.fake;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The part of Shopify's search syntax ({@code query:} arguments) the fake understands:
 * space- or {@code AND}-separated terms {@code field:value}, comparators {@code > >= < <=} on
 * numbers and times, {@code -field:value} / {@code NOT field:value}, quoted values, a trailing
 * {@code *} for prefix matches, and bare words matched against the title.
 *
 * <p>Anything else ({@code OR}, parentheses, unknown fields) is rejected with
 * {@link Unsupported}, so a connector never silently gets results the real Shopify would not give.
 */
final class SearchQuery<T> implements Predicate<T> {

    /** Gives the values of {@code field} for one item (several for e.g. tags or SKUs); null = unknown field. */
    interface Fields<T> extends BiFunction<T, String, List<Object>> {
        boolean knows(String field);

        /** Fields from a map of field name to the values of that field for one item. */
        static <T> Fields<T> of(Map<String, Function<T, List<Object>>> byName) {
            return new Fields<>() {
                @Override
                public boolean knows(String field) {
                    return byName.containsKey(field);
                }

                @Override
                public List<Object> apply(T item, String field) {
                    return byName.get(field).apply(item);
                }
            };
        }
    }

    private record Term(String field, String comparator, String value, boolean negated) {
    }

    private final List<Term> terms;
    private final Fields<T> fields;
    private final Instant now;

    private SearchQuery(List<Term> terms, Fields<T> fields, Instant now) {
        this.terms = terms;
        this.fields = fields;
        this.now = now;
    }

    /** Parses {@code query}; a null or blank query matches everything. */
    static <T> SearchQuery<T> parse(String query, Fields<T> fields, Instant now) {
        List<Term> terms = new ArrayList<>();
        for (String token : tokens(query == null ? "" : query)) {
            if (token.equals("AND")) {
                continue;
            }
            if (token.equals("OR") || token.startsWith("(") || token.endsWith(")")) {
                throw new Unsupported("search syntax '" + token + "' in query \"" + query + "\"");
            }
            boolean negated = false;
            if (token.startsWith("-")) {
                negated = true;
                token = token.substring(1);
            }
            int colon = token.indexOf(':');
            if (colon < 0) {
                terms.add(new Term("title", ":", unquote(token) + "*", negated));
                continue;
            }
            String field = token.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!fields.knows(field)) {
                throw new Unsupported("search field '" + field + "' in query \"" + query + "\"");
            }
            String rest = token.substring(colon + 1);
            String comparator = ":";
            for (String candidate : List.of(">=", "<=", ">", "<")) {
                if (rest.startsWith(candidate)) {
                    comparator = candidate;
                    rest = rest.substring(candidate.length());
                    break;
                }
            }
            terms.add(new Term(field, comparator, unquote(rest), negated));
        }
        // NOT applies to the term that follows it
        return new SearchQuery<>(applyNot(terms), fields, now);
    }

    private static List<Term> applyNot(List<Term> terms) {
        List<Term> result = new ArrayList<>();
        boolean not = false;
        for (Term term : terms) {
            if (term.field().equals("title") && term.value().equals("NOT*")) {
                not = true;
                continue;
            }
            result.add(not ? new Term(term.field(), term.comparator(), term.value(), !term.negated()) : term);
            not = false;
        }
        return result;
    }

    @Override
    public boolean test(T item) {
        for (Term term : terms) {
            boolean matches = fields.apply(item, term.field()).stream().anyMatch(value -> matches(term, value));
            if (matches == term.negated()) {
                return false;
            }
        }
        return true;
    }

    private boolean matches(Term term, Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Number number) {
            long actual = number.longValue();
            long wanted = parseId(term.value());
            return compare(Long.compare(actual, wanted), term.comparator());
        }
        if (value instanceof Instant actual) {
            Instant wanted = parseTime(term.value());
            return compare(actual.compareTo(wanted), term.comparator());
        }
        String actual = value.toString().toLowerCase(Locale.ROOT);
        String wanted = term.value().toLowerCase(Locale.ROOT);
        if (!term.comparator().equals(":")) {
            return compare(actual.compareTo(wanted), term.comparator());
        }
        if (wanted.endsWith("*")) {
            String prefix = wanted.substring(0, wanted.length() - 1);
            // bare words match any word of the title, as Shopify's default search does
            return actual.startsWith(prefix) || actual.contains(" " + prefix);
        }
        return actual.equals(wanted);
    }

    private static boolean compare(int comparison, String comparator) {
        return switch (comparator) {
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            case "<=" -> comparison <= 0;
            default -> comparison == 0;
        };
    }

    private static long parseId(String value) {
        long gid = Gids.parse(value, Gids.type(value) == null ? "" : Gids.type(value));
        if (gid >= 0) {
            return gid;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Unsupported("search value '" + value + "' (expected a number)");
        }
    }

    private Instant parseTime(String value) {
        if (value.equalsIgnoreCase("now")) {
            return now;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    try {
                        return Year.parse(value).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                    } catch (DateTimeParseException notYear) {
                        throw new Unsupported("search time '" + value + "'");
                    }
                }
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** Splits on whitespace outside quotes. */
    private static List<String> tokens(String query) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (char c : query.toCharArray()) {
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                current.append(c);
            } else if (Character.isWhitespace(c)) {
                if (!current.isEmpty()) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
