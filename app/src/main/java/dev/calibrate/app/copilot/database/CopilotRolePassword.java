package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * After the migrations, on their (the owner's) connection: gives the copilot role the password the copilot
 * pool logs in with, hashed on the client by pgjdbc ({@code PGConnection.alterUserPassword}), not as SQL text.
 * Each start without {@code CALIBRATE_COPILOT_DB_PASSWORD} generates a new password: with more than one node
 * on a database, set it (docs/copilot.md), or each node's start breaks the others' copilot logins. Off ({@code calibrate.copilot.db.manage-role-password=false}) where a DBA owns the role
 * and its password is configured instead (docs/operations.md).
 */
@Component
class CopilotRolePassword implements Callback {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final CopilotSettings settings;
    private final CopilotCredentials credentials;

    CopilotRolePassword(CopilotSettings settings, CopilotCredentials credentials) {
        this.settings = settings;
        this.credentials = credentials;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE && settings.db().manageRolePassword();
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        String role = settings.db().username();
        if (!ROLE_NAME.matcher(role).matches()) {
            throw new IllegalStateException("calibrate.copilot.db.username is not a plain role name: " + role);
        }
        // hashed here (SCRAM-SHA-256), so the statement carries a verifier, never the password: not in the
        // server's log (log_statement), pg_stat_activity or pg_stat_statements
        char[] password = credentials.password().toCharArray();
        try {
            context.getConnection().unwrap(PGConnection.class).alterUserPassword(role, password, "scram-sha-256");
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the password of the role " + role
                    + " (set calibrate.copilot.db.manage-role-password=false where a DBA manages it)", e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public String getCallbackName() {
        return "copilot role password";
    }
}
