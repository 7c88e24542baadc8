package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.query.catalog.CatalogBatch.Created;
import dev.calibrate.query.catalog.CatalogBatch.Floored;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static dev.calibrate.query.catalog.CatalogBatch.amount;
import static dev.calibrate.query.catalog.CatalogBatch.timestamp;

/**
 * A {@code product_view} row as a {@link CatalogBatch} folds its products' events into it: read once per
 * batch, changed in memory, written back with one upsert that only moves the version forward.
 */
final class ProductViewRow {

    static final String SELECT = """
            SELECT product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount, cost_currency,
                   CAST(channel_refs AS text) AS channel_refs, active, version, created_at, updated_at,
                   CAST(brand_floors AS text) AS brand_floors
            FROM product_view WHERE product_id = ANY(?)""";
    static final String UPSERT = """
            INSERT INTO product_view (product_id, tenant_id, sku, title, vendor, product_type, tags, cost_amount,
                                      cost_currency, channel_refs, active, version, created_at, updated_at,
                                      brand_floors)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (product_id) DO UPDATE SET title = EXCLUDED.title, vendor = EXCLUDED.vendor,
                product_type = EXCLUDED.product_type, tags = EXCLUDED.tags, cost_amount = EXCLUDED.cost_amount,
                cost_currency = EXCLUDED.cost_currency, channel_refs = EXCLUDED.channel_refs,
                active = EXCLUDED.active, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
                brand_floors = EXCLUDED.brand_floors
            WHERE product_view.version < EXCLUDED.version""";

    final UUID productId;
    final UUID tenantId;
    final String sku;
    final Instant createdAt;
    String title;
    String vendor;
    String productType;
    List<String> tags;
    BigDecimal costAmount;
    String costCurrency;
    /** Kept as JSON text when read, as a map when described in this batch. */
    Object channelRefs;
    boolean active;
    long version;
    Instant updatedAt;
    /** By currency; kept as JSON text (or null) when read, as a map once set in this batch. */
    Object brandFloors;

    ProductViewRow(Created created) {
        this(created.productId(), created.tenantId(), created.sku(), created.at());
        describe(created.details());
        active = created.active();
        version = created.version();
        updatedAt = created.at();
    }

    private ProductViewRow(UUID productId, UUID tenantId, String sku, Instant createdAt) {
        this.productId = productId;
        this.tenantId = tenantId;
        this.sku = sku;
        this.createdAt = createdAt;
    }

    static ProductViewRow read(ResultSet rs) throws SQLException {
        ProductViewRow view = new ProductViewRow(rs.getObject("product_id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("sku"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
        view.title = rs.getString("title");
        view.vendor = rs.getString("vendor");
        view.productType = rs.getString("product_type");
        view.tags = Arrays.asList((String[]) rs.getArray("tags").getArray());
        view.costAmount = rs.getBigDecimal("cost_amount");
        view.costCurrency = rs.getString("cost_currency");
        view.channelRefs = rs.getString("channel_refs");
        view.active = rs.getBoolean("active");
        view.version = rs.getLong("version");
        view.updatedAt = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
        view.brandFloors = rs.getString("brand_floors");
        return view;
    }

    void describe(ProductDetails details) {
        title = details.title();
        vendor = details.vendor();
        productType = details.productType();
        tags = details.tags();
        costAmount = amount(details.cost());
        costCurrency = details.cost() == null ? null : details.cost().currency();
        channelRefs = details.channelRefs();
    }

    void bind(PreparedStatement ps, ObjectMapper mapper) throws SQLException {
        ps.setObject(1, productId);
        ps.setObject(2, tenantId);
        ps.setString(3, sku);
        ps.setString(4, title);
        ps.setString(5, vendor);
        ps.setString(6, productType);
        ps.setArray(7, ps.getConnection().createArrayOf("text", tags.toArray()));
        ps.setBigDecimal(8, costAmount);
        ps.setString(9, costCurrency);
        ps.setString(10, channelRefs instanceof String json ? json : json(mapper, channelRefs));
        ps.setBoolean(11, active);
        ps.setLong(12, version);
        ps.setObject(13, timestamp(createdAt));
        ps.setObject(14, timestamp(updatedAt));
        ps.setString(15, brandFloors == null || brandFloors instanceof String ? (String) brandFloors
                : ((Map<?, ?>) brandFloors).isEmpty() ? null : json(mapper, brandFloors));
    }

    @SuppressWarnings("unchecked")
    void floor(ObjectMapper mapper, Floored floored) {
        Map<String, BrandFloors> byCurrency;
        if (brandFloors instanceof Map<?, ?> map) {
            byCurrency = (Map<String, BrandFloors>) map;
        } else {
            try {
                byCurrency = brandFloors == null ? new TreeMap<>()
                        : mapper.readValue((String) brandFloors, new TypeReference<TreeMap<String, BrandFloors>>() { });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("brand floors of " + productId + " are not readable", e);
            }
        }
        if (floored.floors() == null) byCurrency.remove(floored.currency());
        else byCurrency.put(floored.currency(), floored.floors());
        brandFloors = byCurrency;
    }

    private String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channel refs or brand floors of " + productId + " are not JSON", e);
        }
    }
}
