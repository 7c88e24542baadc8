package dev.calibrate.app.feed;

import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.feed.SseClient.Message;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open stream asks again whether its token still allows it, every credential check (1 s in tests,
 * IntegrationTest), and ends when it does not: revoking a token stops its streams, not only its next
 * requests.
 */
class EventStreamCredentialTest extends IntegrationTest {

    @Test
    void aStreamEndsSoonAfterItsTokenIsRevokedWhileAnotherTokensStreamGoesOn() throws Exception {
        FeedSteps steps = new FeedSteps(api);
        FeedTenant acme = steps.tenant("Revoked stream " + UUID.randomUUID());
        Api.TenantToken doomed = api.token(acme.id(), "events:read");
        String head = steps.page(acme, "?limit=1000").get("next").asText();

        long opened = System.nanoTime();
        try (SseClient revoked = SseClient.open(port, doomed.token(), "?after=" + head, null);
             SseClient kept = SseClient.open(port, acme.reader().token(), "?after=" + head, null)) {
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(kept.status()).isEqualTo(200);
            steps.createProductNow(acme, "RV-1");
            assertThat(within(revoked, 3)).as("the stream delivers while its token is good").isNotNull();
            assertThat(within(kept, 3)).isNotNull();

            Api.Response revocation = api.delete("/admin/v1/tenants/" + acme.id() + "/tokens/" + doomed.tokenId(),
                    api.adminToken());
            assertThat(revocation.status()).as(revocation.body()).isEqualTo(204);

            // what was already read may still come (the product's second event, the revocation's own);
            // then the stream ends
            int drained = 0;
            while (within(revoked, 3) != null) {
                drained++;
                assertThat(drained).as("the revoked token's stream ends").isLessThan(5);
            }
            assertThat(revoked.comments()).as("its last line says why").last().isEqualTo("end unauthorized");
            // opened at the same time, the other stream has not reached its max duration (5 s): it still delivers
            assertThat((System.nanoTime() - opened) / 1e9).as("the revoked stream ended before its max duration")
                    .isLessThan(4.5);
            String later = steps.createProductNow(acme, "RV-2").json().get("id").asText();
            Message delivered = within(kept, 3);
            while (delivered != null && !delivered.data().contains(later)) {
                delivered = within(kept, 3);
            }
            assertThat(delivered).as("the other token's stream is still open").isNotNull();
        }
    }

    private static Message within(SseClient stream, int seconds) throws Exception {
        return CompletableFuture.supplyAsync(stream::next).get(seconds, TimeUnit.SECONDS);
    }
}
