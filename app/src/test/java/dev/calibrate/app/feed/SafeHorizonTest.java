package dev.calibrate.app.feed;

import dev.calibrate.app.audit.seal.AuditSealer;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;

/**
 * The feed never passes an event whose transaction is still open: it stops before it while later
 * events commit, and serves it, in position order, once it commits ({@link LateCommits}). Beyond the
 * read models' gap timeout too: {@link LateCommitPastTheGapTimeoutTest}.
 */
class SafeHorizonTest extends IntegrationTest {

    /** The stream polls every 100 ms in tests: held for 20 polls. */
    private static final Duration HELD = Duration.ofSeconds(2);

    @Autowired
    Environment env;
    @Autowired
    AuditSealer sealer;

    @Test
    void anEventWhoseTransactionCommitsLateIsServedInItsPlaceAndNothingAfterItIsServedFirst() throws Exception {
        lateCommits().lateCommitIsServedInItsPlace(HELD);
    }

    @Test
    void aRolledBackAppendHoldsTheFeedOnlyWhileItIsOpen() throws Exception {
        lateCommits().rolledBackAppendHoldsTheFeedOnlyWhileOpen(HELD);
    }

    /** Issue 17 item 7: one horizon "for the feed and for issue 13's sealing alike". */
    @Test
    void theAuditSealStopsAtTheSameHorizonAndSealsTheLateEventInItsPlace() throws Exception {
        lateCommits().lateCommitIsSealedInItsPlace(sealer);
    }

    private LateCommits lateCommits() {
        return new LateCommits(api, env.getRequiredProperty("spring.datasource.url"));
    }
}
