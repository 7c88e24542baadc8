package dev.calibrate.app.copilot.guard;

/**
 * The guard would not run a statement. {@link #rule()} names the rule that refused it (as docs/copilot.md
 * lists them), the message says what in the statement broke it. Never carries tenant data.
 */
public class Refused extends RuntimeException {

    private final Rule rule;

    public Refused(Rule rule, String detail) {
        super(rule.wireName() + ": " + detail, null, false, false);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }

    /** The guard's rules, in the order it checks them. */
    public enum Rule {
        /** Control, format (zero-width) or other invisible characters, or an unterminated text. */
        CHARACTERS("characters"),
        /** Not SQL the parser understands. */
        SYNTAX("syntax"),
        /**
         * Too costly to plan or compute within the timeout, where PostgreSQL cannot be interrupted: nesting,
         * many query levels, huge numbers, chains of multiplication, text doubled by {@code ||}.
         */
        COST("cost"),
        /** More than one statement. */
        ONE_STATEMENT("one-statement"),
        /** Anything but a SELECT (with CTEs and set operations), or a CTE that writes. */
        SELECT_ONLY("select-only"),
        /** SELECT … INTO creates a table. */
        NO_INTO("no-into"),
        /** FOR UPDATE / SHARE takes row locks. */
        NO_LOCKING("no-locking"),
        /** A table or view that is not one of the copilot's views. */
        ALLOWED_VIEWS("allowed-views"),
        /** A function that is not on the allow-list. */
        ALLOWED_FUNCTIONS("allowed-functions"),
        /** Escape-string, Unicode-escape or dollar-quoted text, or parameters: forms the guard does not read. */
        PLAIN_LITERALS("plain-literals"),
        /** FETCH FIRST instead of LIMIT. */
        LIMIT("limit");

        private final String wireName;

        Rule(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
