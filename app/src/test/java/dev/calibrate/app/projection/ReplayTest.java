package dev.calibrate.app.projection;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ReadModels;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftDetected;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceDriftResolved;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceRepairRequested;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSyncFailed;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.channel.ChannelMessages.DriftResolution;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDetailsChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleCreated;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleScheduledRunSkipped;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.BARE;
import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMARY;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read models are disposable: replaying the event store rebuilds each one exactly, row for row and
 * column for column, even after its tables were damaged.
 */
class ReplayTest extends IntegrationTest {

    static final Map<String, Map<String, String>> TABLES = ReadModels.TABLES;
    static final List<String> PROJECTIONS = ReadModels.PROJECTIONS;

    @Autowired
    Environment env;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void replayRebuildsEveryReadModelExactly() {
        Api.TenantToken acme = api.newTenant("Replay Acme");
        Api.TenantToken globex = api.newTenant("Replay Globex");
        Api.TenantToken revoked = api.token(acme.tenantId(), "catalog:read");
        assertThat(api.delete("/admin/v1/tenants/" + acme.tenantId() + "/tokens/" + revoked.tokenId(),
                api.adminToken()).status()).isEqualTo(204);
        for (Api.TenantToken tenant : List.of(acme, globex)) {
            for (int i = 1; i <= 3; i++) {
                api.post("/api/v1/products", tenant.token(), product("RP-" + i, i + ".00", i + ".50"));
            }
            api.post("/api/v1/products", tenant.token(), product("RP-1", "1.10", "1.60"));
            api.post("/api/v1/products", tenant.token(), product("RP-1", "1.20", "1.60"));
            api.post("/api/v1/products", tenant.token(), product("RP-4", "7.00"));
            assertThat(api.delete("/api/v1/products/" + api.post("/api/v1/products", tenant.token(),
                    product("RP-5", "9.00")).json().get("id").asText(), tenant.token()).status()).isEqualTo(204);
            // brand floors: one product's kept, another's set and cleared
            String rp2 = api.post("/api/v1/products", tenant.token(), product("RP-2", "2.00", "2.50")).json()
                    .get("id").asText();
            String rp3 = api.post("/api/v1/products", tenant.token(), product("RP-3", "3.00", "3.50")).json()
                    .get("id").asText();
            assertThat(api.send("PUT", "/api/v1/products/" + rp2 + "/brand-floors/USD", tenant.token(),
                    Map.of("map", "1.50", "pmap", Map.of("amount", "1.40", "from", "2026-11-27T00:00:00Z",
                            "until", "2026-12-01T00:00:00Z"))).status()).isEqualTo(200);
            assertThat(api.send("PUT", "/api/v1/products/" + rp3 + "/brand-floors/USD", tenant.token(),
                    Map.of("lrp", "2.90")).status()).isEqualTo(200);
            assertThat(api.send("DELETE", "/api/v1/products/" + rp3 + "/brand-floors/USD", tenant.token(), null)
                    .status()).isEqualTo(204);
            Api.Response competitor = api.post("/api/v1/competitors", tenant.token(),
                    Map.of("name", "Bolt", "domain", "bolt.example"));
            Api.Response observed = api.post("/api/v1/competitors/" + competitor.json().get("id").asText()
                    + "/observations", tenant.token(), Map.of("observations", List.of(
                    Map.of("sku", "RP-1", "price", "1.15", "currency", "USD", "observedAt", "2026-11-20T09:00:00Z"),
                    Map.of("sku", "RP-2", "price", "1.95", "currency", "USD", "observedAt", "2026-11-20T09:00:00Z",
                            "url", "https://bolt.example/rp-2", "inStock", false))),
                    "X-Calibrate-Wait-For", Long.toString(competitor.position()));
            assertThat(observed.json().get("accepted").asInt()).as(observed.body()).isEqualTo(2);
        }
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        // a product whose later event its projection cannot apply: dead-lettered for its own sequence
        TenantId acmeId = TenantId.parse(acme.tenantId());
        ProductId poisoned = ProductId.forSku(acmeId, "RP-POISONED");
        api.post("/api/v1/products", acme.token(), product("RP-POISONED", "3.00"));
        events.append("Product", poisoned.toString(), acme.tenantId(), acme.tokenId(),
                new ProductPriceObserved(poisoned, acmeId, null, null, "api"));
        for (Api.TenantToken tenant : List.of(acme, globex)) {
            priceChanges(events, tenant);
            channelSyncAndDrift(events, tenant);
        }
        EventProcessors.awaitCaughtUp(api, PROJECTIONS.toArray(String[]::new));
        List<String> tenants = List.of(acme.tenantId(), globex.tenantId());
        Map<String, List<Map<String, Object>>> original = snapshot(tenants);
        // every table but shopify_running_change, which holds runs going on: an apply start appended here would
        // start its run, which ends (and empties the table) while this test runs
        assertThat(original).allSatisfy((table, rows) -> assertThat(rows).as(table)
                .matches(r -> !r.isEmpty() || table.equals("shopify_running_change"), "not empty"));
        assertThat(original.get("product_view")).anySatisfy(row -> assertThat(row.get("sku")).isEqualTo("RP-POISONED"));
        assertThat(original.get("product_view")).anySatisfy(row -> assertThat(String.valueOf(row.get("brand_floors")))
                .contains("1.50").contains("2026-12-01"));
        assertThat(deadLetters("catalog", poisoned)).isEqualTo(1);
        // a price's explain trace stays in its event: the audit row names the event instead of copying it
        assertThat(original.get("audit_entry")).anySatisfy(row -> assertThat(row.get("action")).isEqualTo("ProductPriceChanged"))
                .allSatisfy(row -> assertThat(row.get("explain")).isNull());

        for (String projection : PROJECTIONS) {
            damage(projection, acme.tenantId());
            assertThat(snapshot(tenants)).isNotEqualTo(original);

            Api.Response replay = api.post("/admin/v1/projections/" + projection + "/replay", api.adminToken(), null);
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            assertThat(replay.json().get("projection").asText()).isEqualTo(projection);

            EventProcessors.awaitCaughtUp(api, projection);
            Map<String, List<Map<String, Object>>> rebuilt = snapshot(tenants);
            original.forEach((table, rows) -> assertThat(rebuilt.get(table))
                    .as("%s after replaying %s", table, projection).isEqualTo(rows));
        }
        assertThat(deadLetters("catalog", poisoned)).as("met again by the replay, dead-lettered again").isEqualTo(1);
    }

    private long deadLetters(String group, ProductId sequence) {
        return jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ? AND sequenceidentifier = ?",
                Long.class, group, sequence.toString());
    }

    @Test
    void replayOfAnUnknownProjectionIsNotFound() {
        Api.Response replay = api.post("/admin/v1/projections/no-such-projection/replay", api.adminToken(), null);

        assertThat(replay.status()).isEqualTo(404);
        assertThat(replay.contentType()).startsWith("application/problem+json");
        assertThat(replay.json().get("type").asText()).endsWith("/not-found");
        assertThat(replay.json().get("detail").asText()).isEqualTo("projection not found");
    }

    @Test
    void replayNeedsTheAdminToken() {
        Api.TenantToken tenant = api.newTenant("Replay not admin");

        Api.Response replay = api.post("/admin/v1/projections/catalog/replay", tenant.token(), null);

        assertThat(replay.status()).isEqualTo(403);
    }

    /** Price changes in several states, a price one set, and two policy changes, appended as their aggregates would. */
    private static void priceChanges(StoredEvents events, Api.TenantToken tenant) {
        TenantId tenantId = TenantId.parse(tenant.tenantId());
        Actor author = new Actor(tenant.tokenId());
        Actor approver = new Actor(UUID.randomUUID().toString());
        Instant at = Instant.parse("2026-11-20T09:00:00.123456Z");
        for (int i = 0; i < 3; i++) {
            PriceChangeId id = PriceChangeId.random();
            String hash = "%064x".formatted(i);
            List<Object> lifecycle = List.of(
                    new PriceChangeDrafted(id, tenantId, author, BARE, at.plusSeconds(i)),
                    new PriceChangeEdited(id, tenantId, author, SUMMER_SALE, at.plusSeconds(10 + i)),
                    new PriceChangePreviewed(id, tenantId, author, hash, SUMMARY, at.plusSeconds(20 + i)),
                    new PriceChangeSubmitted(id, tenantId, author, hash, at.plusSeconds(30 + i)),
                    new PriceChangeApproved(id, tenantId, approver, hash, false, at.plusSeconds(40 + i)),
                    new PriceChangeApplyStarted(id, tenantId, approver, at.plusSeconds(50 + i)),
                    new PriceChangeApplied(id, tenantId, 97, 0, null, at.plusSeconds(60 + i)),
                    new PriceChangeRollbackStarted(id, tenantId, Actor.SYSTEM, RollbackTrigger.EXPIRY,
                            at.plusSeconds(70 + i)),
                    new PriceChangeRolledBack(id, tenantId, 96, 1, RollbackTrigger.EXPIRY, at.plusSeconds(80 + i)));
            // one draft, one approved, one expired
            events.append("PriceChange", id.toString(), tenant.tenantId(), author.id(),
                    lifecycle.subList(0, new int[]{1, 5, 9}[i]).toArray());
        }
        // a saved rule whose scheduled run was skipped
        SavedRuleId rule = SavedRuleId.random();
        events.append("SavedRule", rule.toString(), tenant.tenantId(), author.id(),
                new SavedRuleCreated(rule, tenantId, author, "Summer tees", SUMMER_RULE, at),
                new SavedRuleScheduledRunSkipped(rule, tenantId, at.plusSeconds(3600), "the rule is disabled",
                        at.plusSeconds(3601)));
        ProductId product = ProductId.forSku(tenantId, "RP-4");
        events.append("Product", product.toString(), tenant.tenantId(), Actor.SYSTEM.id(),
                new ProductPriceChanged(product, tenantId, PriceChangeId.random(), RunKind.APPLY,
                        Money.parse("7.00", "USD", "amount"), Money.parse("5.99", "USD", "amount"), null, null, EXPLAIN));
        events.append("Tenant", tenant.tenantId(), tenant.tenantId(), author.id(),
                new TenantPolicyChanged(tenantId, TenantPolicy.unrestricted()),
                new TenantPolicyChanged(tenantId, new TenantPolicy(new BigDecimal("25"), null,
                        Map.of("USD", Money.parse("4.99", "USD", "floor")), Map.of(), new BigDecimal("15"),
                        false, true)));
    }

    /**
     * Two products linked to Shopify after the fact, each with a price a price change set and Shopify
     * confirmed, then showed otherwise: one drift being repaired, one accepted.
     */
    private static void channelSyncAndDrift(StoredEvents events, Api.TenantToken tenant) {
        TenantId tenantId = TenantId.parse(tenant.tenantId());
        PriceChangeId change = PriceChangeId.random();
        for (String sku : List.of("RP-2", "RP-3")) {
            ProductId product = ProductId.forSku(tenantId, sku);
            ProductDetails linked = new ProductDetails("Product " + sku, "Acme", null, List.of("test"), null,
                    Map.of("shopify", Map.of("variantId", "gid://shopify/ProductVariant/" + sku), "amazon",
                            Map.of("asin", "B0" + sku)));
            Money before = Money.parse("2.00", "USD", "amount");
            Money set = Money.parse("1.80", "USD", "amount");
            Money drifted = Money.parse("1.95", "USD", "amount");
            List<Object> history = new ArrayList<>(List.of(
                    new ProductDetailsChanged(product, tenantId, linked, List.of("channelRefs")),
                    new ProductPriceChanged(product, tenantId, change, RunKind.APPLY, before, set, null, null, EXPLAIN),
                    new ChannelPriceSynced(product, tenantId, "shopify", change, RunKind.APPLY, set, null),
                    new ChannelPriceDriftDetected(product, tenantId, "shopify", set, drifted, null)));
            if (sku.equals("RP-2")) {
                history.add(new ChannelPriceRepairRequested(product, tenantId, "shopify", change, set, null));
            } else {
                history.add(new ProductPriceObserved(product, tenantId, drifted, null, "shopify"));
                history.add(new ChannelPriceDriftResolved(product, tenantId, "shopify", DriftResolution.ACCEPTED,
                        drifted));
                history.add(new ChannelPriceSyncFailed(product, tenantId, "shopify", PriceChangeId.random(),
                        RunKind.ROLLBACK, before, "Shopify refused the price", List.of()));
            }
            events.append("Product", product.toString(), tenant.tenantId(), Actor.SYSTEM.id(), history.toArray());
        }
    }

    /** Deletes one row per table of {@code projection} and alters another, so only a real rebuild restores them. */
    private void damage(String projection, String tenantId) {
        try (Sql owner = Sql.connect(env)) {
            for (Map.Entry<String, String> table : TABLES.get(projection).entrySet()) {
                String name = table.getKey();
                String key = table.getValue();
                owner.execute("DELETE FROM " + name + " WHERE (" + key + ") IN (SELECT " + key + " FROM " + name
                        + " WHERE tenant_id = '" + tenantId + "' ORDER BY " + key + " LIMIT 1)");
            }
            switch (projection) {
                case "catalog" -> owner.execute("UPDATE product_view SET title = 'tampered' WHERE tenant_id = '"
                        + tenantId + "'");
                case "audit" -> owner.execute("UPDATE audit_entry SET actor = 'tampered' WHERE tenant_id = '"
                        + tenantId + "'");
                case "tenants" -> owner.execute("UPDATE tenant_view SET name = 'tampered' WHERE tenant_id = '"
                        + tenantId + "'");
                case "price-changes" -> owner.execute("UPDATE price_change_view SET state = 'DRAFT', rule = '{}' "
                        + "WHERE tenant_id = '" + tenantId + "'");
                case "channels" -> owner.execute("UPDATE channel_drift_view SET state = 'OPEN', sku = 'tampered' "
                        + "WHERE tenant_id = '" + tenantId + "'");
                case "competitors" -> owner.execute("UPDATE competitor_observation SET amount = 0.01, in_stock = true "
                        + "WHERE tenant_id = '" + tenantId + "'");
                case "price-change-channel-sync" -> owner.execute("UPDATE price_change_item_confirmation"
                        + " SET apply_confirmation = '{\"shopify\": {\"state\": \"SYNCED\"}}', rollback_confirmation = NULL"
                        + " WHERE tenant_id = '" + tenantId + "'");
                case "shopify-channel" -> owner.execute("UPDATE shopify_variant_link SET sku = 'tampered', active = false"
                        + " WHERE tenant_id = '" + tenantId + "'");
                case "saved-rules" -> owner.execute("UPDATE saved_rule_version SET name = 'tampered' WHERE tenant_id = '"
                        + tenantId + "'");
                case "saved-rule-runs" -> owner.execute("UPDATE saved_rule_run SET skipped = 'tampered' WHERE tenant_id = '"
                        + tenantId + "'");
                default -> throw new IllegalArgumentException(projection);
            }
        }
    }

    /**
     * Every row of every read-model table that belongs to {@code tenants}, all columns as text, in key
     * order. Only this test's tenants: the suite shares one database, and another test's scheduled work
     * (an expiry, a sync) may change its own tenant's rows while this test runs.
     */
    private Map<String, List<Map<String, Object>>> snapshot(List<String> tenants) {
        Map<String, List<Map<String, Object>>> content = new LinkedHashMap<>();
        String only = "WHERE tenant_id::text IN ('" + String.join("', '", tenants) + "')";
        try (Sql owner = Sql.connect(env)) {
            TABLES.values().forEach(tables -> tables.forEach((table, key) ->
                    content.put(table, owner.queryAsText("SELECT * FROM " + table + " " + only + " ORDER BY " + key))));
        }
        return content;
    }
}
