package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * After the migrations, on their (the owner's) connection: gives the copilot role the password the copilot
 * pool logs in with. Off ({@code calibrate.copilot.db.manage-role-password=false}) where a DBA owns the role
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
        // ALTER ROLE takes no parameters; the password is quoted as a literal (quotes doubled)
        String literal = "'" + credentials.password().replace("'", "''") + "'";
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER ROLE " + role + " PASSWORD " + literal);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set the password of the role " + role
                    + " (set calibrate.copilot.db.manage-role-password=false where a DBA manages it)", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "copilot role password";
    }
}
