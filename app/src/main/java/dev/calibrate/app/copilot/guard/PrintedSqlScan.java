package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;

import java.util.Locale;
import java.util.Set;

/**
 * A second, independent reading of the statement the guard is about to run, at the level PostgreSQL's
 * lexer works on: after the parser's walk, the printed text is scanned for every {@code name(} (a call),
 * and for the lexical forms a parser and PostgreSQL could read differently (escape strings, dollar
 * quotes, comments, several statements). A call the walk missed is still refused here.
 */
final class PrintedSqlScan {

    /** Words PostgreSQL lets stand before a parenthesis without calling a function. */
    private static final Set<String> NOT_CALLS = Set.of(
            "select", "from", "where", "and", "or", "not", "in", "any", "some", "all", "exists", "values", "as",
            "cast", "over", "filter", "array", "row", "lateral", "using", "on", "join", "having", "by", "with",
            "union", "intersect", "except", "case", "when", "then", "else", "end", "distinct", "is", "like",
            "ilike", "between", "limit", "offset", "within", "recursive", "only", "interval", "numeric",
            "decimal", "varchar", "char", "character", "varying", "timestamp", "time", "float", "precision",
            "rows", "range", "groups", "preceding", "following", "current", "asc", "desc", "nulls", "first",
            "last", "inner", "outer", "full", "cross", "natural", "materialized", "similar", "escape", "to",
            "at", "zone", "isnull", "notnull", "symmetric", "unknown", "true", "false", "null", "default");

    private PrintedSqlScan() {
    }

    static void scan(String sql, Set<String> cteNames) {
        int i = 0;
        int n = sql.length();
        char previousSignificant = ' ';
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipString(sql, i);
                previousSignificant = '\'';
                continue;
            }
            if (c == '$' || c == '\\' || c == '?') {
                throw new Refused(Rule.PLAIN_LITERALS, "'" + c + "' outside a plain string");
            }
            if (c == ';') {
                throw new Refused(Rule.ONE_STATEMENT, "a ';' separates statements");
            }
            if ((c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') || (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')) {
                throw new Refused(Rule.SYNTAX, "a comment survived parsing");
            }
            if (c == '"' || Character.isLetter(c) || c == '_') {
                int start = i;
                String word;
                if (c == '"') {
                    i = skipQuotedIdentifier(sql, i);
                    word = sql.substring(start + 1, i - 1).replace("\"\"", "\"");
                } else {
                    while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                        i++;
                    }
                    word = sql.substring(start, i);
                    if (i < n && sql.charAt(i) == '\'') {
                        // E'…', U&'…', B'…', X'…', N'…': prefixed literals with their own escapes
                        throw new Refused(Rule.PLAIN_LITERALS, "a text prefixed with " + word);
                    }
                    if (i < n && sql.charAt(i) == '&') {
                        throw new Refused(Rule.PLAIN_LITERALS, "a Unicode escape (U&)");
                    }
                }
                int next = i;
                while (next < n && Character.isWhitespace(sql.charAt(next))) {
                    next++;
                }
                if (next < n && sql.charAt(next) == '(') {
                    String name = word.toLowerCase(Locale.ROOT);
                    boolean qualified = previousSignificant == '.';
                    boolean call = !NOT_CALLS.contains(name) || c == '"';
                    if (call && (qualified || !(Allowed.FUNCTIONS.contains(name) || cteNames.contains(name)))) {
                        throw new Refused(Rule.ALLOWED_FUNCTIONS, "the function " + word + " is not allowed");
                    }
                }
                previousSignificant = 'a';
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previousSignificant = c;
            }
            i++;
        }
    }

    private static int skipString(String sql, int open) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\\') {
                // plain strings keep backslashes as they are (standard_conforming_strings), but a server
                // configured otherwise would read an escape: no text needs one
                throw new Refused(Rule.PLAIN_LITERALS, "a backslash in a text");
            }
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new Refused(Rule.CHARACTERS, "a text is not closed");
    }

    private static int skipQuotedIdentifier(String sql, int open) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '"') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new Refused(Rule.CHARACTERS, "a quoted name is not closed");
    }
}
