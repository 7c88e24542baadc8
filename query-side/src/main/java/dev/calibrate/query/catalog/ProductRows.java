package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.query.catalog.ProductReadApi.ProductCost;
import dev.calibrate.query.catalog.ProductReadApi.ProductPrice;
import dev.calibrate.query.catalog.ProductReadApi.ProductSummary;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The catalog's rows as the read API answers them: a product, a current price, and their columns' values. */
final class ProductRows {

    private static final TypeReference<Map<String, Map<String, String>>> CHANNEL_REFS = new TypeReference<>() {
    };

    /** Made once: a reader per call resolves the generic type again, most of a listed product's cost. */
    private final ObjectReader channelRefsReader;

    ProductRows(ObjectMapper mapper) {
        this.channelRefsReader = mapper.readerFor(CHANNEL_REFS);
    }

    /** A product row; its prices are filled in by the caller. */
    ProductSummary product(ResultSet rs) throws SQLException {
        BigDecimal costAmount = rs.getBigDecimal("cost_amount");
        String costCurrency = rs.getString("cost_currency");
        ProductCost cost = costAmount == null ? null : new ProductCost(money(costAmount, costCurrency), costCurrency);
        return new ProductSummary(rs.getObject("product_id", UUID.class), rs.getString("sku"), rs.getString("title"),
                rs.getString("vendor"), rs.getString("product_type"),
                Arrays.asList((String[]) rs.getArray("tags").getArray()), cost, rs.getBoolean("active"),
                channelRefs(rs.getString("channel_refs")), List.of(), rs.getLong("version"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    static ProductPrice price(ResultSet rs) throws SQLException {
        String currency = rs.getString("currency");
        return new ProductPrice(currency, money(rs.getBigDecimal("amount"), currency),
                money(rs.getBigDecimal("compare_at"), currency), rs.getString("source"), instant(rs, "valid_from"));
    }

    private Map<String, Map<String, String>> channelRefs(String json) {
        if (json == null || json.equals("{}")) {
            return Map.of();
        }
        try {
            return channelRefsReader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channel refs are not JSON: " + json, e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** Money leaves as a decimal string at the currency's scale ("21.60", "1200"). */
    static String money(BigDecimal amount, String currency) {
        return amount == null ? null : new Money(amount, currency.trim()).amount().toPlainString();
    }
}
