package dev.calibrate.app.copilot;

import dev.calibrate.kernel.error.Rejection;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * At most {@code calibrate.copilot.questions-per-minute} questions per tenant in any sliding minute, counted
 * for the whole cluster in PostgreSQL (V51 {@code copilot_question_window}); one more is a 429 with
 * {@code Retry-After} saying when the oldest question of the minute leaves it. Taking a place is one
 * statement that locks the tenant's row, so two nodes never both take the last one. The table holds only
 * tenants that asked within the last minute or so: once a minute, the next question deletes the rows of
 * tenants whose questions have all left the window.
 */
@Component
class QuestionRate {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    /** Keeps the times still inside the window and appends this one, unless the window is full. */
    private static final String TAKE = """
            INSERT INTO copilot_question_window AS w (tenant_id, asked, last_asked) VALUES (?, ARRAY[?::timestamptz], ?)
            ON CONFLICT (tenant_id) DO UPDATE
               SET asked = ARRAY(SELECT t FROM unnest(w.asked) t WHERE t > ? ORDER BY t) || EXCLUDED.last_asked,
                   last_asked = EXCLUDED.last_asked
             WHERE (SELECT count(*) FROM unnest(w.asked) t WHERE t > ?) < ?
            RETURNING 1""";

    private final int perMinute;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicReference<Instant> lastSweep;

    QuestionRate(CopilotSettings settings, JdbcTemplate jdbc, Clock clock) {
        this.perMinute = settings.questionsPerMinute();
        this.jdbc = jdbc;
        this.clock = clock;
        this.lastSweep = new AtomicReference<>(clock.instant());
    }

    void take(TenantId tenant) {
        Instant now = clock.instant();
        sweepIfDue(now);
        Timestamp at = Timestamp.from(now);
        Timestamp windowStart = Timestamp.from(now.minus(WINDOW));
        List<Integer> taken = jdbc.queryForList(TAKE, Integer.class, tenant.value(), at, at, windowStart, windowStart,
                perMinute);
        if (taken.isEmpty()) {
            Timestamp oldest = jdbc.queryForObject(
                    "SELECT min(t) FROM copilot_question_window, unnest(asked) t WHERE tenant_id = ? AND t > ?",
                    Timestamp.class, tenant.value(), windowStart);
            // the window can only have emptied since the refusal if the clock moved on: then retry at once
            Duration wait = oldest == null ? Duration.ZERO : Duration.between(now, oldest.toInstant().plus(WINDOW));
            throw new TooManyQuestions(wait, perMinute);
        }
    }

    /** Tenants whose questions the table holds (for tests). */
    int tenantsHeld() {
        return jdbc.queryForObject("SELECT count(*) FROM copilot_question_window", Integer.class);
    }

    private void sweepIfDue(Instant now) {
        Instant last = lastSweep.get();
        if (now.isBefore(last.plus(WINDOW)) || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        jdbc.update("DELETE FROM copilot_question_window WHERE last_asked <= ?", Timestamp.from(now.minus(WINDOW)));
    }

    static final class TooManyQuestions extends Rejection {

        private final Duration wait;

        TooManyQuestions(Duration wait, int perMinute) {
            super("at most " + perMinute + " copilot questions a minute per tenant; try again later");
            this.wait = wait;
        }

        @Override
        public Kind kind() {
            return Kind.TOO_MANY_REQUESTS;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(wait);
        }
    }
}
