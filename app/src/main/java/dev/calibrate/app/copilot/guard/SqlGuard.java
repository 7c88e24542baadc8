package dev.calibrate.app.copilot.guard;

import dev.calibrate.app.copilot.guard.Refused.Rule;
import dev.calibrate.app.copilot.guard.scan.PrintedSqlScan;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Decides whether a statement may run as a copilot question, whichever translator wrote it: exactly one
 * plain {@code SELECT} (CTEs and set operations allowed) over the copilot views, with no {@code INTO} and
 * no locking clause, calling only allow-listed functions. What runs is the statement as parsed and printed
 * again (comments gone, views schema-qualified) with {@code LIMIT} at most {@code maxRows + 1}, so the
 * caller can tell a truncated answer. The database role below it is the second line (docs/copilot.md).
 */
public final class SqlGuard {

    /** Longer statements are refused before parsing (the parser's time grows with them). */
    static final int MAX_LENGTH = 8_000;

    private final int maxRows;

    public SqlGuard(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive");
        }
        this.maxRows = maxRows;
    }

    public GuardedSql check(String sql) {
        checkCharacters(sql);
        StatementSize.check(sql);
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql);
        } catch (JSQLParserException | RuntimeException e) {
            throw new Refused(Rule.SYNTAX, "the statement could not be parsed");
        }
        if (statements == null || statements.isEmpty()) {
            throw new Refused(Rule.SYNTAX, "there is no statement");
        }
        if (statements.size() > 1) {
            throw new Refused(Rule.ONE_STATEMENT, statements.size() + " statements");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            throw new Refused(Rule.SELECT_ONLY, "a " + statement.getClass().getSimpleName() + " statement");
        }
        DialectRules.liftTrailingLimit(select);
        SelectInspector inspector = new SelectInspector();
        try {
            inspector.inspect(select);
        } catch (Refused e) {
            throw e;
        } catch (RuntimeException e) {
            // the library's walk fails on some forms (a frame offset without BETWEEN): fail closed
            throw new Refused(Rule.SYNTAX, "the statement uses a form the guard does not read");
        }
        limit(select);
        String printed = select.toString();
        PrintedSqlScan.scan(printed, inspector.cteNames());
        LiteralSizes.scan(printed);
        return new GuardedSql(printed, inspector.views());
    }

    private void limit(Select select) {
        if (select.getFetch() != null || select.getLimitBy() != null) {
            throw new Refused(Rule.LIMIT, "use LIMIT, not FETCH FIRST");
        }
        long ceiling = maxRows + 1L;
        Limit limit = select.getLimit();
        boolean keep = limit != null && limit.getRowCount() instanceof LongValue count
                && count.getValue() >= 0 && count.getValue() <= ceiling;
        if (!keep) {
            select.setLimit(new Limit().withRowCount(new LongValue(ceiling)));
        }
    }

    /**
     * Control and format characters (zero-width spaces, bidirectional overrides), other separators than
     * the plain space, private-use and unassigned code points: nothing a real question's SQL needs, and
     * what hides one statement inside another to a human reader.
     */
    private static void checkCharacters(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new Refused(Rule.SYNTAX, "there is no statement");
        }
        if (sql.length() > MAX_LENGTH) {
            throw new Refused(Rule.SYNTAX, "longer than " + MAX_LENGTH + " characters");
        }
        sql.codePoints().forEach(cp -> {
            boolean whitespace = cp == ' ' || cp == '\n' || cp == '\r' || cp == '\t';
            int type = Character.getType(cp);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE || type == Character.UNASSIGNED
                    || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (invisible && !whitespace) {
                throw new Refused(Rule.CHARACTERS, String.format("the character U+%04X", cp));
            }
        });
    }
}
