package dev.calibrate.app.copilot.translate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the question families share: how a value is written in a question, and how it goes into SQL. */
final class Phrases {

    /** A value: in double or single quotes, or one word (letters, digits, {@code . _ - &}). Three groups. */
    static final String VALUE = "(?:\"([^\"]{1,80})\"|'([^']{1,80})'|([\\p{L}\\p{N}][\\p{L}\\p{N}._&-]{0,79}))";

    static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private Phrases() {
    }

    static Pattern pattern(String regex) {
        return Pattern.compile(regex, FLAGS);
    }

    /** The value of the three groups starting at {@code first}. */
    static String value(Matcher matcher, int first) {
        for (int g = first; g < first + 3; g++) {
            if (matcher.group(g) != null) {
                return matcher.group(g);
            }
        }
        throw new IllegalStateException("no value group matched");
    }

    static Optional<String> find(Pattern pattern, String question) {
        Matcher matcher = pattern.matcher(question);
        return matcher.find() ? Optional.of(value(matcher, 1)) : Optional.empty();
    }

    /** A SQL text literal: quotes doubled. The guard parses what comes out; this only has to be right. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static boolean asksForCount(String question) {
        return pattern("^(?:how many|count|number of|what is the number of|total number of)\\b").matcher(question).find();
    }
}
