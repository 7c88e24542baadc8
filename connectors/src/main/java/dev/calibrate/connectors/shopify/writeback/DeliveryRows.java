package dev.calibrate.connectors.shopify.writeback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.connectors.shopify.writeback.ShopifyDeliveries.Delivery;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelError;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.springframework.jdbc.core.RowMapper;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;


/**
 * How the delivery tables' rows read back as intents and outcomes, for their writer and their reader:
 * amounts are stored at scale 4 and come back at the currency's scale, errors are a JSON array.
 */
final class DeliveryRows {

    static final String INTENT_COLUMNS = "tenant_id, product_id, product_gid, variant_gid, intent_seq,"
            + " price_change_id, action, currency, price, compare_at, intended_at, attempts";
    private static final TypeReference<List<ChannelError>> ERRORS = new TypeReference<>() {
    };

    private DeliveryRows() {
    }

    static final RowMapper<Delivery> DELIVERY = (rs, n) -> new Delivery(intent(rs), rs.getInt("attempts"));

    static DeliveryIntent intent(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        return new DeliveryIntent(tenant(rs), product(rs), rs.getString("product_gid"), rs.getString("variant_gid"),
                rs.getLong("intent_seq"), priceChange(rs), RunKind.valueOf(rs.getString("action")),
                money(rs.getBigDecimal("price"), currency), money(rs.getBigDecimal("compare_at"), currency),
                rs.getTimestamp("intended_at").toInstant());
    }

    static TenantId tenant(ResultSet rs) throws SQLException {
        return new TenantId(rs.getObject("tenant_id", UUID.class));
    }

    static ProductId product(ResultSet rs) throws SQLException {
        return new ProductId(rs.getObject("product_id", UUID.class));
    }

    static PriceChangeId priceChange(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("price_change_id", UUID.class);
        return id == null ? null : new PriceChangeId(id);
    }

    /** Amounts are stored at scale 4; Money puts them back at the currency's scale. */
    static Money money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount.stripTrailingZeros(), currency.trim());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    static UUID uuid(PriceChangeId id) {
        return id == null ? null : id.value();
    }

    static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    static UUID[] uuids(List<ProductId> ids) {
        return ids.stream().map(ProductId::value).toArray(UUID[]::new);
    }

    static String write(ObjectMapper json, List<ChannelError> errors) {
        try {
            return json.writeValueAsString(errors == null ? List.of() : errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ChannelError> read(ObjectMapper json, String errors) {
        if (errors == null) {
            return List.of();
        }
        try {
            return json.readValue(errors, ERRORS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
