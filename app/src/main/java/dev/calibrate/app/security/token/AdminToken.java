package dev.calibrate.app.security.token;

import dev.calibrate.app.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * The bootstrap admin secret. {@code CALIBRATE_ADMIN_TOKEN} sets it; without it, the first start
 * generates one, stores its hash and prints it once to the log. Later starts reuse the stored hash.
 */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    static final int MIN_LENGTH = 32;

    private final byte[] hash;

    public AdminToken(@Value("${calibrate.admin-token:}") String configured, JdbcTemplate jdbc, Clock clock) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MIN_LENGTH) {
                throw new IllegalStateException("CALIBRATE_ADMIN_TOKEN must be at least " + MIN_LENGTH
                        + " characters long");
            }
            this.hash = Secrets.hash(configured);
            return;
        }
        List<byte[]> stored = jdbc.query("SELECT secret_hash FROM admin_credential WHERE id = 1",
                (rs, i) -> rs.getBytes(1));
        if (!stored.isEmpty()) {
            this.hash = stored.get(0);
            return;
        }
        String generated = "clb_admin_" + Secrets.random256Bits();
        int inserted = jdbc.update("INSERT INTO admin_credential (id, secret_hash, created_at) VALUES (1, ?, ?) "
                + "ON CONFLICT (id) DO NOTHING", Secrets.hash(generated), Timestamp.from(clock.instant()));
        if (inserted == 0) {
            // another node generated one first
            this.hash = jdbc.queryForObject("SELECT secret_hash FROM admin_credential WHERE id = 1", byte[].class);
            return;
        }
        this.hash = Secrets.hash(generated);
        log.warn("\n\n  Generated the Calibrate admin token (shown only this once; store it now):\n\n    {}\n\n"
                + "  Set CALIBRATE_ADMIN_TOKEN to choose your own.\n", generated);
    }

    public boolean matches(String presented) {
        return Secrets.matches(presented, hash);
    }
}
