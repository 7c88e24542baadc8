package dev.calibrate.query.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.calibrate.kernel.product.BrandFloors;
import dev.calibrate.query.catalog.ProductReadApi.ProductBrandFloors;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Products' brand floors (MAP, PMAP, LRP per currency) as the catalog read model holds them, for REST's product
 * and GraphQL's {@code Product.brandFloors}: any number of products in one statement. Run inside
 * {@link dev.calibrate.kernel.tenant.TenantScope#read}, like {@link ProductQueries}.
 */
@Component
public class BrandFloorReads {

    private static final TypeReference<Map<String, BrandFloors>> BRAND_FLOORS = new TypeReference<>() {
    };

    private final NamedParameterJdbcTemplate sql;
    private final ObjectReader reader;

    BrandFloorReads(NamedParameterJdbcTemplate sql, ObjectMapper mapper) {
        this.sql = sql;
        this.reader = mapper.readerFor(BRAND_FLOORS);
    }

    /** Each product's floors by currency; a product without floors (or not the tenant's) answers an empty list. */
    public Map<UUID, List<ProductBrandFloors>> ofProducts(Collection<UUID> products) {
        Map<UUID, List<ProductBrandFloors>> found = new HashMap<>();
        products.forEach(product -> found.put(product, List.of()));
        if (products.isEmpty()) {
            return found;
        }
        sql.query("SELECT product_id, CAST(brand_floors AS text) AS floors FROM product_view"
                        + " WHERE product_id IN (:ids) AND brand_floors IS NOT NULL", Map.of("ids", products),
                rs -> {
                    found.put(rs.getObject("product_id", UUID.class), parse(rs.getString("floors")));
                });
        return found;
    }

    /** A product's floors as {@code product_view.brand_floors} holds them (null: none). */
    List<ProductBrandFloors> parse(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            Map<String, BrandFloors> byCurrency = reader.readValue(json);
            return new TreeMap<>(byCurrency).values().stream().map(ProductBrandFloors::of).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored brand floors are not readable: " + json, e);
        }
    }
}
