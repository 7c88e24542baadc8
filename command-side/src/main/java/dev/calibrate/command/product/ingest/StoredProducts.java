package dev.calibrate.command.product.ingest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which product ids have events: one query on the event store's unique key, however many ids an import names
 * (the brand-floor import and the price upload check every row's SKU at once).
 */
@Component
public class StoredProducts {

    private final JdbcTemplate jdbc;

    StoredProducts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> existing(Collection<String> productIds) {
        String[] ids = productIds.stream().distinct().toArray(String[]::new);
        return new HashSet<>(jdbc.query(
                "SELECT aggregateidentifier FROM domainevententry WHERE aggregateidentifier = ANY (?) AND sequencenumber = 0",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("varchar", ids)),
                (rs, row) -> rs.getString(1)));
    }
}
