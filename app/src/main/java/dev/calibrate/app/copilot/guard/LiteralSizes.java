package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbers small enough to compute with, read on the printed text that runs: no literal of more than
 * {@link #MAX_DIGITS} digits ({@code 777…7 * 777…7} with 3,000 digits each), no exponent
 * ({@code 1e100000} is a numeric of 100,001 digits to PostgreSQL), and no text that holds either
 * ({@code '777…7'::numeric}); and no {@code ^}, which PostgreSQL reads as a power. Prices have a few
 * digits; no question needs more.
 */
final class LiteralSizes {

    static final int MAX_DIGITS = 30;

    /** A run of digits that is not part of a name (a name's digits follow a letter or an underscore). */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\p{N}_$])[0-9][0-9.]*(?:[eE][+-]?[0-9]+)?");
    private static final Pattern NUMBER_TEXT = Pattern.compile("\\s*[+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?\\s*");
    private static final Pattern LONG_DIGITS = Pattern.compile("[0-9]{" + (MAX_DIGITS + 1) + ",}");

    private LiteralSizes() {
    }

    static void scan(String sql) {
        StringBuilder outside = new StringBuilder();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i);
                if (c == '\'') {
                    checkText(sql.substring(i + 1, end - 1));
                }
                outside.append(' ');
                i = end;
                continue;
            }
            if (c == '^') {
                ArithmeticRules.power();
            }
            outside.append(c);
            i++;
        }
        Matcher number = NUMBER.matcher(outside);
        while (number.find()) {
            check(number.group());
        }
    }

    private static void checkText(String text) {
        if (LONG_DIGITS.matcher(text).find()) {
            throw new Refused(Rule.COST, "a text with more than " + MAX_DIGITS + " digits in a row");
        }
        if (NUMBER_TEXT.matcher(text).matches()) {
            // '1e100000'::numeric
            check(text.trim());
        }
    }

    private static void check(String number) {
        if (number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
            throw new Refused(Rule.COST, "a number with an exponent (" + abbreviated(number) + "): write it out");
        }
        long digits = number.chars().filter(Character::isDigit).count();
        if (digits > MAX_DIGITS) {
            throw new Refused(Rule.COST, "a number of more than " + MAX_DIGITS + " digits (" + abbreviated(number) + ")");
        }
    }

    private static String abbreviated(String number) {
        return number.length() <= 20 ? number : number.substring(0, 17) + "…";
    }

    /** The index after a text's or a quoted name's closing quote (a doubled quote stays inside). */
    private static int closing(String sql, int open) {
        char quote = sql.charAt(open);
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
