package dev.calibrate.app.copilot;

import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tenant the golden set is scored over (see copilot/golden.json), and a neighbour whose rows must never show. */
final class CopilotSeed {

    private CopilotSeed() {
    }

    static Api.TenantToken golden(Api api) {
        Api.TenantToken manager = api.token(api.createTenant("Golden", "USD"), "catalog:read", "catalog:write",
                "prices:write", "prices:apply", "audit:read", "admin", "copilot:query");
        Api.TenantToken approver = api.token(manager.tenantId(), "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(manager.token(), List.of(
                product("TS-1", "Summer Tee Red", "Acme", "Shirts", true, List.of("summer", "tees"), "20.00", "18.00"),
                // its cost keeps the sale's price up (min margin): a CHANGE item, so the change can be submitted
                withCost(product("TS-2", "Summer Tee Blue", "Acme", "Shirts", true, List.of("summer", "tees"), "35.00",
                        "32.00"), "30.00"),
                product("TS-3", "Linen Shirt", "Bolt", "Shirts", true, List.of("summer"), "44.00", null),
                product("WN-1", "Winter Parka", "Bolt", "Outerwear", true, List.of("winter", "outerwear"), "99.00", "95.00"),
                product("WN-2", "Wool Scarf", "Cozy", null, false, List.of("winter"), "15.00", null),
                product("AC-1", "Canvas Tote", "Cozy", null, true, List.of("accessories"), "12.50", "11.00"),
                product("AC-2", "Leather Belt", "Acme", null, false, List.of("accessories"), "29.99", null)));
        Map<String, Object> winter = Map.of(
                "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "winter"))),
                "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD");
        String promo = steps.draft(manager.token(), "Winter promo", winter, Map.of());
        steps.view(manager.token(), promo, "DRAFT");
        assertThat(api.send("PUT", "/api/v1/policy", manager.token(), Map.of("maxDecreasePercent", "10")).status())
                .isEqualTo(200);
        String deep = steps.draft(manager.token(), "Too deep", PriceChangeSteps.SUMMER_SALE, Map.of());
        steps.preview(manager.token(), deep);
        assertThat(steps.action(manager.token(), deep, "submit", null).status()).isLessThan(300);
        steps.view(approver.token(), deep, "SUBMITTED");
        return manager;
    }

    /** Another tenant with products like the golden one's: a leak would change every count. */
    static Api.TenantToken neighbour(Api api) {
        Api.TenantToken other = api.token(api.createTenant("Neighbour", "USD"), "catalog:read", "catalog:write",
                "prices:write", "copilot:query");
        new PriceChangeSteps(api).catalog(other.token(), List.of(
                product("TS-1", "Summer Tee Red", "Acme", "Shirts", true, List.of("summer", "tees"), "1.00", "1.00"),
                product("OT-1", "Other Tee", "Acme", "Shirts", true, List.of("summer", "winter"), "500.00", "500.00"),
                product("OT-2", "Other Parka", "Bolt", "Outerwear", false, List.of("winter"), "900.00", null)));
        return other;
    }

    static Map<String, Object> withCost(Map<String, Object> product, String cost) {
        product.put("cost", Map.of("amount", cost, "currency", "USD"));
        return product;
    }

    static Map<String, Object> product(String sku, String title, String vendor, String type, boolean active,
                                       List<String> tags, String usd, String eur) {
        Map<String, Object> product = new LinkedHashMap<>();
        product.put("sku", sku);
        product.put("title", title);
        product.put("vendor", vendor);
        if (type != null) product.put("productType", type);
        product.put("tags", tags);
        product.put("active", active);
        product.put("cost", Map.of("amount", "8.00", "currency", "USD"));
        product.put("prices", eur == null ? List.of(Map.of("currency", "USD", "amount", usd))
                : List.of(Map.of("currency", "USD", "amount", usd), Map.of("currency", "EUR", "amount", eur)));
        return product;
    }
}
