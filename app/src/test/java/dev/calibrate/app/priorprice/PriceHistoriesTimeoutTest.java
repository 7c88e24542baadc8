package dev.calibrate.app.priorprice;

import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.priorprice.PriorPriceMessages.FindPriceHistory;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.catalog.PriceHistories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A preview's price-history read (the prior-price rule) runs at most its remaining budget in the
 * database: cancelled there, it holds no connection and no server time for one tenant past its budget.
 */
class PriceHistoriesTimeoutTest extends IntegrationTest {

    @Autowired
    private PriceHistories histories;
    @Autowired
    private Environment environment;

    @Test
    void aReadThatCannotEndWithinItsTimeoutIsCancelledInTheDatabase() {
        Instant at = Instant.now();
        FindPriceHistory query = new FindPriceHistory(new TenantId(UUID.randomUUID()), "EUR",
                at.minus(Duration.ofDays(30)), at, null, Duration.ofSeconds(1));
        assertThat(histories.histories(query)).as("a tenant with no products").isEmpty();

        // another session holds the table: the read waits for it, until its timeout cancels it
        try (Sql owner = Sql.connect(environment)) {
            owner.execute("BEGIN");
            owner.execute("LOCK TABLE product_price_history IN ACCESS EXCLUSIVE MODE");
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> histories.histories(query)).isInstanceOf(DataAccessException.class)
                        .hasMessageContaining("canceling statement");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            } finally {
                owner.execute("ROLLBACK");
            }
        }
    }
}
