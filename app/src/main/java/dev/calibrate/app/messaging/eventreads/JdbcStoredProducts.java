package dev.calibrate.app.messaging.eventreads;

import dev.calibrate.command.product.ingest.StoredProducts;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** One query on the event store's unique key for all the ids; Axon Server's store asks it per id instead. */
@Component
@Profile("!axonserver")
class JdbcStoredProducts implements StoredProducts {

    private final JdbcTemplate jdbc;

    JdbcStoredProducts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Set<String> existing(Collection<String> productIds) {
        String[] ids = productIds.stream().distinct().toArray(String[]::new);
        return new HashSet<>(jdbc.query(
                "SELECT aggregateidentifier FROM domainevententry WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids)),
                (rs, row) -> rs.getString(1)));
    }
}
