package dev.calibrate.app.web;

import dev.calibrate.kernel.error.Rejection;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A rejection's wait becomes a whole number of seconds in Retry-After, never shorter than the wait. */
class RetryAfterTest {

    @Test
    void aWaitOfAFractionOfASecondMoreIsRoundedUp() {
        assertThat(retryAfter(Duration.ofSeconds(43_199).plusMillis(500))).isEqualTo("43200");
        assertThat(retryAfter(Duration.ofSeconds(60))).isEqualTo("60");
        assertThat(retryAfter(Duration.ofMillis(1))).isEqualTo("1");
        assertThat(retryAfter(Duration.ZERO)).as("at least a second").isEqualTo("1");
    }

    private static String retryAfter(Duration wait) {
        Rejection rejection = new Rejection("used up") {
            @Override
            public Kind kind() {
                return Kind.TOO_MANY_REQUESTS;
            }

            @Override
            public Optional<Duration> retryAfter() {
                return Optional.of(wait);
            }
        };
        return new ProblemAdvice().rejected(rejection).getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
    }
}
