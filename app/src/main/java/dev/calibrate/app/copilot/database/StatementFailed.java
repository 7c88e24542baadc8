package dev.calibrate.app.copilot.database;

/**
 * The database would not finish a copilot statement: it ran past the time limit ({@code timeout}), or
 * failed ({@code database}: a column that does not exist, a privilege the role lacks). The message never
 * carries the database's own text, which may quote data.
 */
public class StatementFailed extends RuntimeException {

    private final String rule;

    StatementFailed(String rule, String message) {
        super(message, null, false, false);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}
