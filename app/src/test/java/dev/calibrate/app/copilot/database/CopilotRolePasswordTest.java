package dev.calibrate.app.copilot.database;

import dev.calibrate.app.copilot.CopilotSettings;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.util.unit.DataSize;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The copilot role's password reaches PostgreSQL hashed by the driver (a SCRAM verifier), never as SQL text
 * that the server could log or show in pg_stat_activity. (That the pool then logs in with it is what every
 * database test of the copilot shows.)
 */
class CopilotRolePasswordTest {

    @Test
    void setsThePasswordThroughTheDriversClientSideHashingNotAStatement() throws Exception {
        CopilotSettings settings = new CopilotSettings(Duration.ofSeconds(5), 1000, DataSize.ofKilobytes(4),
                DataSize.ofMegabytes(2), 30, 1, new CopilotSettings.Db("", "calibrate_copilot",
                        "it's a secret", true, 3, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new CopilotSettings.Llm("", "", "", Duration.ofSeconds(20), 1000, "0", CopilotSettings.Llm.TokenLimit.MAX_TOKENS));
        Connection connection = mock(Connection.class);
        PGConnection driver = mock(PGConnection.class);
        Context context = mock(Context.class);
        when(context.getConnection()).thenReturn(connection);
        when(connection.unwrap(PGConnection.class)).thenReturn(driver);
        AtomicReference<String> given = new AtomicReference<>();
        doAnswer(call -> {
            given.set(new String((char[]) call.getArgument(1)));
            return null;
        }).when(driver).alterUserPassword(eq("calibrate_copilot"), any(char[].class), eq("scram-sha-256"));

        new CopilotRolePassword(settings, new CopilotCredentials(settings)).handle(Event.AFTER_MIGRATE, context);

        assertThat(given.get()).isEqualTo("it's a secret");
        verify(connection, never()).createStatement();
        verify(connection, never()).prepareStatement(any());
    }
}
