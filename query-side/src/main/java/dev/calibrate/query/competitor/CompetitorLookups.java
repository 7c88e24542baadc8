package dev.calibrate.query.competitor;

import dev.calibrate.kernel.competitor.CompetitorMessages.AwaitCompetitors;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorPrice;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindCompetitorPrices;
import dev.calibrate.kernel.competitor.CompetitorMessages.FindProductRefs;
import dev.calibrate.kernel.competitor.CompetitorMessages.ProductRef;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.query.consistency.ReadModelProgress;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What the command side asks about competitors and products: which products a batch names, and the
 * competitor prices a preview may use. Answered as the event processors' role, so every statement
 * filters by tenant itself.
 */
@Component
class CompetitorLookups {

    /**
     * Per competitor, product and currency the latest observation in the window; the one tie-break
     * (same instant: the lower price, then in stock) is the engine's, so the choice never depends on
     * row order. An out-of-stock latest observation hides the competitor: its price does not compete.
     */
    static final String LATEST_ORDER = "o.observed_at DESC, o.amount ASC, o.in_stock DESC";

    private final JdbcTemplate jdbc;
    private final ReadModelProgress progress;

    CompetitorLookups(JdbcTemplate jdbc, ReadModelProgress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    @QueryHandler
    List<ProductRef> handle(FindProductRefs query) {
        return jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    SELECT product_id, sku FROM product_view
                    WHERE tenant_id = ? AND (product_id = ANY (?) OR sku = ANY (?))""");
            statement.setObject(1, query.tenantId().value());
            statement.setArray(2, connection.createArrayOf("uuid", query.productIds().stream().map(ProductId::value).toArray()));
            statement.setArray(3, connection.createArrayOf("text", query.skus().toArray()));
            return statement;
        }, (rs, n) -> new ProductRef(new ProductId(rs.getObject("product_id", UUID.class)), rs.getString("sku")));
    }

    /** One scan of the tenant's window (index on tenant and time), however big the catalog. */
    @QueryHandler
    List<CompetitorPrice> handle(FindCompetitorPrices query) {
        OffsetDateTime asOf = query.asOf().atOffset(ZoneOffset.UTC);
        return jdbc.query("""
                SELECT l.product_id, c.name, c.domain, l.currency, l.amount, l.observed_at
                FROM (SELECT DISTINCT ON (o.competitor_id, o.product_id, o.currency)
                             o.competitor_id, o.product_id, o.currency, o.amount, o.observed_at, o.in_stock
                      FROM competitor_observation o
                      WHERE o.tenant_id = ? AND o.observed_at <= ? AND o.observed_at >= ?
                      ORDER BY o.competitor_id, o.product_id, o.currency, %s) l
                JOIN competitor_view c ON c.competitor_id = l.competitor_id
                WHERE l.in_stock""".formatted(LATEST_ORDER), (rs, n) -> {
                    String currency = rs.getString("currency").trim();
                    return new CompetitorPrice(new ProductId(rs.getObject("product_id", UUID.class)),
                            label(rs.getString("name"), rs.getString("domain")),
                            new Money(rs.getBigDecimal("amount"), currency),
                            rs.getObject("observed_at", OffsetDateTime.class).toInstant());
                }, query.tenantId().value(), asOf, asOf.minus(query.maxAge()));
    }

    @QueryHandler
    Boolean handle(AwaitCompetitors query) {
        progress.awaitPosition(CompetitorProjection.NAME, query.position());
        return Boolean.TRUE;
    }

    /** How explain traces and reads name a competitor: unique per tenant thanks to the domain. */
    static String label(String name, String domain) {
        return name + " (" + domain + ")";
    }
}
