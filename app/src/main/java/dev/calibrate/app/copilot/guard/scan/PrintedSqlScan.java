package dev.calibrate.app.copilot.guard.scan;

import dev.calibrate.app.copilot.guard.Allowed;
import dev.calibrate.app.copilot.guard.Refused;
import dev.calibrate.app.copilot.guard.Refused.Rule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A second, independent reading of the statement the guard is about to run, at the level PostgreSQL's
 * lexer works on: after the parser's walk, the printed text is scanned for every {@code name(} (a call),
 * every relation named after {@code FROM}, {@code JOIN} or a comma of a {@code FROM} list, every
 * schema-qualified name, and the lexical forms a parser and PostgreSQL could read differently (escape
 * strings, dollar quotes, comments, several statements). A call or a relation the walk missed is still
 * refused here: a relation must be {@code copilot.<view>} (the walk qualified every view) or a CTE of the
 * statement.
 */
public final class PrintedSqlScan {

    private PrintedSqlScan() {
    }

    public static void scan(String sql, Set<String> cteNames) {
        int i = 0;
        int n = sql.length();
        char previousSignificant = ' ';
        String previousWord = "";
        // per parenthesis level: whether it is a call's arguments, whether it is in a FROM list, and whether it is
        // a CAST's (whose word after AS is a type)
        Deque<boolean[]> levels = new ArrayDeque<>();
        levels.push(new boolean[] {false, false, false});
        boolean nextParenIsCall = false;
        boolean expectRelation = false;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipString(sql, i);
                previousSignificant = '\'';
                expectRelation = false;
                continue;
            }
            if ((c == '-' || c == '#') && i + 1 < n && sql.charAt(i + 1) == '>') {
                // -> ->> #> #>>: no view has a JSON column, and the parser does not walk their right operand
                throw new Refused(Rule.ALLOWED_FUNCTIONS, "JSON operators are not allowed");
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
                if (previousSignificant == '.') {
                    // (p).to_json, or a name split around its dot: PostgreSQL may read a call on a whole row
                    throw new Refused(Rule.ALLOWED_FUNCTIONS, "a field of an expression (" + sql.charAt(i) + "…)");
                }
                List<String> parts = new ArrayList<>();
                List<Boolean> quoted = new ArrayList<>();
                int start = i;
                i = readName(sql, i, parts, quoted);
                String word = parts.get(parts.size() - 1);
                boolean lastQuoted = quoted.get(quoted.size() - 1);
                if (!(parts.size() == 1 && !lastQuoted) && textFollows(sql, i)) {
                    // "regclass" 'x' is a typed literal to PostgreSQL, a column with an alias to the parser
                    throw new Refused(Rule.PLAIN_LITERALS, "a text typed as " + sql.substring(start, i));
                }
                if (parts.size() == 1 && !lastQuoted) {
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
                boolean followedByParen = next < n && sql.charAt(next) == '(';
                String name = lastQuoted ? word : word.toLowerCase(Locale.ROOT);
                nextParenIsCall = false;
                if (followedByParen) {
                    boolean qualified = parts.size() > 1 || previousSignificant == '.';
                    // AS t(a): an alias with its column list; PostgreSQL reads no call after AS (a cast's
                    // type, AS numeric(10, 2), the walk has checked already)
                    boolean aliasColumns = previousWord.equals("as") && parts.size() == 1;
                    boolean call = !aliasColumns && (!ScanWords.NOT_CALLS.contains(name) || lastQuoted);
                    if (call && cteNames.contains(name)) {
                        // WITH v(a) AS (…) is refused with the rest: a CTE named set_config must never make
                        // set_config(…) something the scan lets through, wherever it stands
                        throw new Refused(Rule.ALLOWED_FUNCTIONS, word + "( names a CTE: a CTE's column list is "
                                + "not allowed (name the columns in its SELECT), nor a call named like a CTE");
                    }
                    if (call && (qualified || !Allowed.FUNCTIONS.contains(name))) {
                        throw new Refused(Rule.ALLOWED_FUNCTIONS, "the function " + word + " is not allowed");
                    }
                    nextParenIsCall = call;
                }
                checkQualified(sql.substring(start, i), parts, quoted);
                boolean keyword = parts.size() == 1 && !lastQuoted;
                boolean castType = afterDoubleColon(sql, start) || (levels.peek()[2] && previousWord.equals("as"));
                if (castType && (!keyword || !ScanWords.CAST_WORDS.contains(name))) {
                    throw new Refused(Rule.ALLOWED_FUNCTIONS, "a cast to " + sql.substring(start, i)
                            + " is not allowed");
                }
                if (keyword) {
                    checkWord(sql, i, name);
                }
                if (expectRelation && keyword && (name.equals("select") || name.equals("with") || name.equals("values"))) {
                    // a parenthesized FROM item that is a query, not a join of relations
                    expectRelation = false;
                }
                if (expectRelation && !(keyword && ScanWords.BEFORE_RELATION.contains(name))) {
                    expectRelation = false;
                    if (!followedByParen) {
                        checkRelation(sql.substring(start, i), parts, quoted, cteNames);
                    }
                } else if (keyword) {
                    boolean[] level = levels.peek();
                    if (name.equals("from") && !level[0] && !previousWord.equals("distinct")) {
                        level[1] = true;
                        expectRelation = true;
                    } else if (name.equals("join")) {
                        expectRelation = true;
                    } else if (ScanWords.AFTER_FROM_LIST.contains(name)) {
                        level[1] = false;
                    }
                }
                previousWord = keyword ? name : "";
                previousSignificant = 'a';
                continue;
            }
            if (c == '(') {
                // after FROM or JOIN: a query, or relations joined in parentheses, whose first is named next
                levels.push(new boolean[] {nextParenIsCall, expectRelation, previousWord.equals("cast")});
            } else if (c == ')') {
                if (levels.size() > 1) {
                    levels.pop();
                }
            } else if (c == ',' && levels.peek()[1] && !levels.peek()[0]) {
                expectRelation = true;
            } else if (!Character.isWhitespace(c)) {
                expectRelation = false;
            }
            nextParenIsCall = false;
            if (!Character.isWhitespace(c)) {
                previousSignificant = c;
                previousWord = "";
            }
            i++;
        }
    }

    /**
     * A typed literal of a type that looks into the catalogs ({@code regclass 'pg_authid'}, with or without a
     * space), or the {@code TABLE} form of a query: before a text only a keyword or a plain type may stand.
     * (A cast's type, after {@code ::} or a CAST's {@code AS}, is checked where the scan reads names.)
     */
    private static void checkWord(String sql, int end, String word) {
        if (word.equals("table")) {
            throw new Refused(Rule.SYNTAX, "the TABLE form (write SELECT … FROM)");
        }
        if (ScanWords.NEVER.contains(word)) {
            throw new Refused(word.startsWith("current") || word.endsWith("user") ? Rule.ALLOWED_FUNCTIONS
                    : Rule.SELECT_ONLY, word + " is not allowed");
        }
        if (textFollows(sql, end) && !ScanWords.BEFORE_TEXT.contains(word)) {
            throw new Refused(Rule.PLAIN_LITERALS, "a text typed as " + word);
        }
    }

    private static boolean textFollows(String sql, int end) {
        int next = end;
        while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) {
            next++;
        }
        return next < sql.length() && sql.charAt(next) == '\'';
    }

    /** Whether the name starting at {@code start} follows {@code ::}: a cast's type. */
    private static boolean afterDoubleColon(String sql, int start) {
        int before = start - 1;
        while (before >= 0 && Character.isWhitespace(sql.charAt(before))) {
            before--;
        }
        return before >= 1 && sql.charAt(before) == ':' && sql.charAt(before - 1) == ':';
    }

    /** A dotted name: its parts as PostgreSQL reads them (quoted exactly, unquoted lower-cased later). */
    private static int readName(String sql, int i, List<String> parts, List<Boolean> quoted) {
        int n = sql.length();
        while (true) {
            int start = i;
            if (sql.charAt(i) == '"') {
                i = skipQuotedIdentifier(sql, i);
                parts.add(sql.substring(start + 1, i - 1).replace("\"\"", "\""));
                quoted.add(true);
            } else {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                parts.add(sql.substring(start, i));
                quoted.add(false);
            }
            boolean more = i + 1 < n && sql.charAt(i) == '.'
                    && (sql.charAt(i + 1) == '"' || Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_');
            if (!more) {
                return i;
            }
            i++;
        }
    }

    /**
     * A relation after {@code FROM}, {@code JOIN} or a {@code FROM} list's comma: a copilot view, which the
     * walk wrote {@code copilot.<view>}, or, unqualified, a CTE of the statement.
     */
    private static void checkRelation(String written, List<String> parts, List<Boolean> quoted, Set<String> cteNames) {
        List<String> names = postgresNames(parts, quoted);
        boolean view = names.size() == 2 && names.get(0).equals("copilot") && Allowed.VIEWS.contains(names.get(1));
        boolean cte = names.size() == 1 && cteNames.contains(names.get(0));
        if (!view && !cte) {
            throw new Refused(Rule.ALLOWED_VIEWS, written + " is not a copilot view or a CTE of the statement");
        }
    }

    /**
     * Any name of three or more parts is {@code copilot.<view>.<column>}; no name starts with another schema
     * or with {@code copilot.} followed by anything but a view.
     */
    private static void checkQualified(String written, List<String> parts, List<Boolean> quoted) {
        if (parts.size() < 2) {
            return;
        }
        List<String> names = postgresNames(parts, quoted);
        String first = names.get(0);
        boolean otherSchema = ScanWords.OTHER_SCHEMAS.contains(first) || first.startsWith("pg_temp");
        boolean copilotView = first.equals("copilot") && Allowed.VIEWS.contains(names.get(1));
        if (otherSchema || (first.equals("copilot") || names.size() > 2) && !copilotView || names.size() > 3) {
            throw new Refused(Rule.ALLOWED_VIEWS, written + " names something other than a copilot view");
        }
    }

    private static List<String> postgresNames(List<String> parts, List<Boolean> quoted) {
        List<String> names = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            names.add(quoted.get(p) ? parts.get(p) : parts.get(p).toLowerCase(Locale.ROOT));
        }
        return names;
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
