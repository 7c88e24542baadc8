package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.kernel.message.EventPositions;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

@Component
@Profile("!axonserver")
public class JdbcEventPositions implements EventPositions {

    private final JdbcTemplate jdbc;

    public JdbcEventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    /** The sequence's last value, taken or not committed yet. */
    @Override
    public long handedOut() {
        Long taken = jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                + " FROM domainevententry_globalindex_seq", Long.class);
        return taken == null ? 0 : taken;
    }
}
