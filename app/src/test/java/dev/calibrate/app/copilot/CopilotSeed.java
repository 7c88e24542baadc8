package dev.calibrate.app.copilot;

import dev.calibrate.app.competitor.CompetitorSteps;
import dev.calibrate.app.copilot.database.CopilotExecutor;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The tenant the golden set is scored over (see copilot/golden.json), and a neighbour whose rows must never show. */
final class CopilotSeed {

    private CopilotSeed() {
    }

    static Api.TenantToken golden(Api api) {
        return seedGolden(api).manager();
    }

    /**
     * The golden tenant with its channels and competitors too: a write-back that failed (and one that
     * did not), an open drift and a repaired one, and two competitors' prices, one of them under ours; and
     * a third price change, approved by another actor and applied with a conflict, and a markdown outside
     * any change (the price history's moves).
     * Answers once the copilot's views show all of it.
     */
    static Golden goldenWithChannels(Api api, StoredEvents events, CopilotExecutor executor) {
        Golden golden = seedGolden(api);
        Api.TenantToken manager = golden.manager();
        PriceChangeSteps steps = new PriceChangeSteps(api);
        // 5% off accessories, approved; AC-1's price moves after the preview, so applying it is a conflict there
        Map<String, Object> accessories = Map.of(
                "selector", Map.of("all", List.of(Map.of("field", "tags", "op", "contains", "value", "accessories"))),
                "transform", List.of(Map.of("op", "percent", "value", -5)), "currency", "USD");
        String tote = steps.approved(manager.token(), golden.approver().token(), "Tote deal", accessories,
                Map.of());
        // and the scarf is marked down outside any price change: a decrease in the price history
        steps.catalog(manager.token(), List.of(
                product("AC-1", "Canvas Tote", "Cozy", null, true, List.of("accessories"), "13.00", "11.00"),
                product("WN-2", "Wool Scarf", "Cozy", null, false, List.of("winter"), "14.00", null)));
        assertThat(steps.action(manager.token(), tote, "apply", null).status()).isLessThan(300);
        steps.awaitApplied(manager.token(), tote);
        steps.view(manager.token(), tote, "APPLIED");
        TenantId tenant = new TenantId(UUID.fromString(manager.tenantId()));
        PriceChangeId deep = new PriceChangeId(UUID.fromString(golden.tooDeep()));
        append(events, manager, "TS-2", new ChannelPriceSyncFailed(ProductId.forSku(tenant, "TS-2"), tenant,
                "shopify", deep, RunKind.APPLY, usd("31.50"), "Variant not found", List.of()));
        append(events, manager, "TS-1", new ChannelPriceSynced(ProductId.forSku(tenant, "TS-1"), tenant, "shopify",
                deep, RunKind.APPLY, usd("18.00"), null));
        append(events, manager, "WN-1", new ChannelPriceDriftDetected(ProductId.forSku(tenant, "WN-1"), tenant,
                "shopify", usd("99.00"), usd("89.00"), null));
        append(events, manager, "TS-3",
                new ChannelPriceDriftDetected(ProductId.forSku(tenant, "TS-3"), tenant, "shopify", usd("44.00"),
                        usd("40.00"), null),
                new ChannelPriceDriftResolved(ProductId.forSku(tenant, "TS-3"), tenant, "shopify",
                        DriftResolution.REPAIRED, usd("44.00")));
        String watcher = api.token(manager.tenantId(), "competitors:write").token();
        CompetitorSteps competitors = new CompetitorSteps(api);
        Instant seen = Instant.now().minusSeconds(3600);
        String rival = competitors.register(watcher, "Rival", "rival.example");
        competitors.observe(watcher, rival, List.of(CompetitorSteps.seen("TS-1", "15.00", seen),
                CompetitorSteps.seen("WN-1", "120.00", seen)));
        String outlet = competitors.register(watcher, "Outlet", "outlet.example");
        competitors.observe(watcher, outlet, List.of(CompetitorSteps.seen("WN-1", "105.00", seen)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(
                        count(executor, tenant, "copilot.channel_sync WHERE state = 'FAILED'"),
                        count(executor, tenant, "copilot.channel_sync WHERE state = 'SYNCED'"),
                        count(executor, tenant, "copilot.drifts WHERE state = 'OPEN'"),
                        count(executor, tenant, "copilot.drifts WHERE state = 'REPAIRED'"),
                        count(executor, tenant, "copilot.price_position")))
                .containsExactly("1", "1", "1", "1", "2"));
        return golden;
    }

    /**
     * @param manager    the token that seeded it and drafted every price change ({author} in the golden set)
     * @param tooDeep    the submitted change with blocked items
     * @param approver   who may approve; with the channels, it approved "Tote deal" ({approver} in the golden set)
     */
    record Golden(Api.TenantToken manager, String tooDeep, Api.TenantToken approver) {
    }

    private static String count(CopilotExecutor executor, TenantId tenant, String from) {
        return String.valueOf(executor.execute(tenant, "SELECT count(*) FROM " + from).rows().get(0).get(0));
    }

    private static void append(StoredEvents events, Api.TenantToken tenant, String sku, Object... payloads) {
        TenantId id = new TenantId(UUID.fromString(tenant.tenantId()));
        events.append("Product", ProductId.forSku(id, sku).toString(), tenant.tenantId(), "shopify", payloads);
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }

    private static Golden seedGolden(Api api) {
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
        return new Golden(manager, deep, approver);
    }

    /** The neighbour with an open drift and a competitor who undercuts it: a leak would show in those answers too. */
    static void neighbourWithChannels(Api api, StoredEvents events) {
        Api.TenantToken other = neighbour(api);
        TenantId tenant = new TenantId(UUID.fromString(other.tenantId()));
        append(events, other, "OT-1", new ChannelPriceDriftDetected(ProductId.forSku(tenant, "OT-1"), tenant,
                "shopify", usd("500.00"), usd("450.00"), null));
        String watcher = api.token(other.tenantId(), "competitors:write").token();
        CompetitorSteps competitors = new CompetitorSteps(api);
        String rival = competitors.register(watcher, "Rival", "rival.example");
        competitors.observe(watcher, rival, List.of(CompetitorSteps.seen("OT-1", "400.00",
                Instant.now().minusSeconds(3600))));
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
