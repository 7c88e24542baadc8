package dev.calibrate.app.copilot.translate;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/** What the question families share: how a value is written in a question, and how it goes into SQL. */
final class Phrases {

    /** A value: in double or single quotes, or one word (letters, digits, {@code . _ - &}). Three groups. */
    static final String VALUE = "(?:\"([^\"]{1,80})\"|'([^']{1,80})'|([\\p{L}\\p{N}][\\p{L}\\p{N}._&-]{0,79}))";

    /**
     * A product named after "of", "for" or "on": "sku" or "product" then a value (group 1 that word, then the
     * three value groups), or a quoted value, or one word with a digit in it (SKUs such as TS-1). A plain word
     * ("all", "each", "shopify") is no SKU: read as one it would ask for a product that does not exist and
     * answer with a silent empty result.
     */
    static final String NAMED_PRODUCT = "(sku\\s+|product\\s+)?" + VALUE;

    /** Whether a {@link #NAMED_PRODUCT} match starting at group {@code first} names a product, as it says. */
    static boolean namesProduct(MatchResult match, int first) {
        String bare = match.group(first + 3);
        return match.group(first) != null || bare == null || bare.chars().anyMatch(Character::isDigit);
    }

    static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private Phrases() {
    }

    static Pattern pattern(String regex) {
        return Pattern.compile(regex, FLAGS);
    }

    /** The value of the three groups starting at {@code first}. */
    static String value(MatchResult matcher, int first) {
        for (int g = first; g < first + 3; g++) {
            if (matcher.group(g) != null) {
                return matcher.group(g);
            }
        }
        throw new IllegalStateException("no value group matched");
    }

    /**
     * Words that, unquoted, name no vendor, tag, type, title word, person or price change: "price changes
     * by state", "products from the vendor with the most items", "drafted by whom". Read as names they
     * would ask for something that does not exist and answer with a silent empty result. In quotes they
     * are names like any other.
     */
    private static final Set<String> NOT_NAMES = Set.of(
            "a", "an", "the", "and", "or", "not", "no", "none", "with", "without", "of", "for", "in", "on", "to",
            "by", "from", "at", "per", "all", "any", "each", "every", "some", "most", "least", "more", "less",
            "fewer", "many", "much", "same", "other", "others", "another", "different", "who", "whom", "whose",
            "which", "what", "whoever", "whatever", "someone", "somebody", "anyone", "anybody", "everyone",
            "everybody", "nobody", "me", "us", "them", "him", "her", "it", "this", "that", "these", "those",
            "state", "states", "status", "date", "dates", "day", "days", "week", "month", "year", "time",
            "name", "names", "author", "authors", "approver", "approvers", "person", "people", "user", "users",
            "vendor", "vendors", "brand", "brands", "tag", "tags", "type", "types", "category", "categories",
            "price", "prices", "amount", "count", "number", "size", "highest", "lowest", "newest", "oldest");

    /**
     * A name: the value of the three groups starting at {@code first}; an unquoted word that names nothing
     * ({@link #NOT_NAMES}) is refused with how to ask for a name spelled so.
     */
    static String name(MatchResult matcher, int first) {
        String bare = matcher.group(first + 2);
        if (bare != null && NOT_NAMES.contains(bare.toLowerCase(Locale.ROOT))) {
            throw new Unanswerable("\"" + bare + "\" reads as no name here; to ask for one spelled so, put it in"
                    + " quotes: \"" + bare + "\"");
        }
        return value(matcher, first);
    }

    /** The name in the first match, the match accounted for. */
    static Optional<String> find(Pattern pattern, Question question) {
        return question.find(pattern).map(match -> name(match, 1));
    }

    /** A SQL text literal: quotes doubled. The guard parses what comes out; this only has to be right. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static final Pattern COUNT = pattern("^(?:how many|count(?: the| of)?|number of|what is the number of"
            + "|what's the number of|total number of)\\b");

    /** Whether the question asks how many, its "how many" accounted for. */
    static boolean asksForCount(Question question) {
        return question.has(COUNT);
    }
}
