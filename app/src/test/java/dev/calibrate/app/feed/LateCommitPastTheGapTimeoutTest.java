package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.messaging.EventStoreSettings;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.AppProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction held open for twice the gap timeout (lowered to 1 s here) while later events commit: a
 * reader that waits a gap timeout for a missing position would have passed it by then; the feed serves
 * the late event in its place, and nothing after it first. Its own application, for the lowered timeout.
 */
@Tag("slow") // starts an application of its own: ./mvnw verify -Pslow
class LateCommitPastTheGapTimeoutTest {

    private static final String ADMIN_TOKEN = "late-commit-admin-token-0123456789abcdef";

    @TempDir
    static Path dataDir;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() {
        app = AppProcesses.startOnSharedPostgres(dataDir, ADMIN_TOKEN,
                "--calibrate.event-store.gap-timeout=1s");
        api = new Api("http://localhost:" + ((WebServerApplicationContext) app).getWebServer().getPort(),
                ADMIN_TOKEN, app.getBean(ObjectMapper.class));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anEventCommittedTwiceTheGapTimeoutLateIsServedInItsPlace() throws Exception {
        Duration gapTimeout = app.getBean(EventStoreSettings.class).gapTimeout();
        assertThat(gapTimeout).isEqualTo(Duration.ofSeconds(1));

        lateCommits().lateCommitIsServedInItsPlace(gapTimeout.multipliedBy(2));
    }

    @Test
    void aRolledBackAppendHeldPastTheGapTimeoutHoldsTheFeedOnlyWhileItIsOpen() throws Exception {
        // held for half of this: the gap timeout itself
        lateCommits().rolledBackAppendHoldsTheFeedOnlyWhileOpen(app.getBean(EventStoreSettings.class).gapTimeout().multipliedBy(2));
    }

    private static LateCommits lateCommits() {
        return new LateCommits(api, app.getEnvironment().getRequiredProperty("spring.datasource.url"));
    }
}
