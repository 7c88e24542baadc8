package dev.calibrate.app.projection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.channel.ChannelMessages.ChannelPriceSynced;
import dev.calibrate.kernel.competitor.CompetitorId;
import dev.calibrate.kernel.competitor.CompetitorMessages.CompetitorRegistered;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.Definition;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantCreated;
import dev.calibrate.query.pricechange.PriceChangeItemConfirmations;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_RULE;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One bad event never stops a read model. Events already in a store may hold U+0000, which PostgreSQL
 * cannot store: every read model takes them with U+FFFD in its place, and a replay gets past them. An
 * event the database refuses, or whose handler throws, is parked in the dead-letter queue on its own,
 * while every other event and every other tenant keeps flowing; a retry once the cause is gone drains it.
 */
class PoisonEventTest extends IntegrationTest {

    private static final String REPLACED = "\uFFFD";

    @Autowired
    Environment env;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void storedEventsHoldingNulAreReadWithReplacementCharactersAndAReplayCompletes() throws IOException {
        Api.TenantToken tenant = api.newTenant("Nul in the store");
        TenantId tenantId = TenantId.parse(tenant.tenantId());
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        ProductId product = ProductId.forSku(tenantId, "NUL\u0000SKU");
        events.append("Product", product.toString(), tenant.tenantId(), tenant.tokenId(),
                new ProductCreated(product, tenantId, "NUL\u0000SKU", new ProductDetails("Tee\u0000", "Ac\u0000me",
                        "Shi\u0000rts", List.of("sum\u0000mer"), null,
                        Map.of("shopify", Map.of("variantId", "gid://shopify/ProductVariant/1\u0000"),
                                "amazon", Map.of("asin\u0000", "B0NUL"))), true));
        CompetitorId competitor = new CompetitorId(UUID.randomUUID());
        events.append("Competitor", competitor.toString(), tenant.tenantId(), tenant.tokenId(),
                new CompetitorRegistered(competitor, tenantId, "Ri\u0000val", "rival\u0000.example"));
        PriceChangeId change = PriceChangeId.random();
        JsonNode rule = mapper.readTree("""
                {"selector": {"field": "sku", "op": "eq", "value": "NUL\\u0000SKU"},
                 "transform": [{"op": "percent", "value": -10}], "currency": "USD"}""");
        events.append("PriceChange", change.toString(), tenant.tenantId(), tenant.tokenId(),
                new PriceChangeDrafted(change, tenantId, new Actor(tenant.tokenId()),
                        new Definition("Sale\u0000", rule, null, null, "no\u0000te"), Instant.now()));
        TenantId other = TenantId.random();
        events.append("Tenant", other.toString(), other.toString(), Actor.PLATFORM_ADMIN.id(),
                new TenantCreated(other, "Ten\u0000ant", "USD"));

        EventProcessors.awaitCaughtUp(api, ReplayTest.PROJECTIONS.toArray(String[]::new));

        assertStoredWithReplacements(tenant, product, change);
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.single("SELECT name FROM tenant_view WHERE tenant_id = ?", other.value()))
                    .isEqualTo("Ten" + REPLACED + "ant");
            assertThat(owner.count("SELECT count(*) FROM audit_entry WHERE entity_id = ?", product.toString()))
                    .isEqualTo(1);
        }
        for (String projection : List.of("catalog", "competitors", "price-changes", "channels", "audit")) {
            Api.Response replay = api.post("/admin/v1/projections/" + projection + "/replay", api.adminToken(), null);
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            EventProcessors.awaitCaughtUp(api, projection);
        }
        assertStoredWithReplacements(tenant, product, change);
        assertThat(api.get("/admin/v1/dead-letters?size=500", api.adminToken()).body())
                .doesNotContain(product.toString(), competitor.toString(), change.toString());
    }

    @Test
    void anEventTheDatabaseRefusesAndOneWhoseHandlerFailsAreDeadLetteredWhileOtherTenantsFlow() {
        Api.TenantToken poisoned = api.newTenant("Poisoned");
        Api.TenantToken bystander = api.newTenant("Bystander");
        TenantId tenantId = TenantId.parse(poisoned.tenantId());
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        ProductId refused = ProductId.forSku(tenantId, "REFUSED");
        ProductId fine = ProductId.forSku(tenantId, "FINE");
        CompetitorId throwing = new CompetitorId(UUID.randomUUID());
        try (Sql owner = Sql.connect(env)) {
            // stand-ins for what a database may refuse (a value too long, a number too large): removable, as a fix is
            owner.execute("ALTER TABLE product_view ADD CONSTRAINT poison_probe CHECK (title <> 'Refused when written')"
                    + " NOT VALID");
            owner.execute("ALTER TABLE competitor_view ADD CONSTRAINT poison_probe CHECK (name <> 'Refused in its handler')"
                    + " NOT VALID");
            try {
                // the catalog writes a whole batch when it commits; the competitors write in the handler itself
                events.append("Product", refused.toString(), poisoned.tenantId(), poisoned.tokenId(),
                        new ProductCreated(refused, tenantId, "REFUSED",
                                new ProductDetails("Refused when written", null, null, List.of(), null, Map.of()), true));
                events.append("Competitor", throwing.toString(), poisoned.tenantId(), poisoned.tokenId(),
                        new CompetitorRegistered(throwing, tenantId, "Refused in its handler", "throwing.example"));
                events.append("Product", fine.toString(), poisoned.tenantId(), poisoned.tokenId(),
                        new ProductCreated(fine, tenantId, "FINE",
                                new ProductDetails("Fine", null, null, List.of(), null, Map.of()), true));

                await("both poison events dead-lettered").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            assertThat(deadLetter("catalog", refused.toString())).isNotNull();
                            assertThat(deadLetter("competitors", throwing.toString())).isNotNull();
                        });
                assertThat(deadLetter("catalog", refused.toString()).path("eventType").asText())
                        .isEqualTo("ProductCreated");
                // the gauge operators alert on counts them, cluster-wide (the shared table)
                for (String group : List.of("catalog", "competitors")) {
                    assertThat(deadLettersGauge(group)).as(group).isGreaterThanOrEqualTo(1)
                            .isEqualTo(owner.count("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", group));
                }
                assertThat(deadLetter("competitors", throwing.toString()).path("cause").path("message").asText())
                        .contains("poison_probe");

                Api.Response written = api.post("/api/v1/products", bystander.token(), product("BYSTANDER-1", "5.00"));
                assertThat(written.status()).as(written.body()).isEqualTo(201);
                Api.Response read = api.get("/api/v1/products/" + written.json().path("id").asText(),
                        bystander.token(), "X-Calibrate-Wait-For", Long.toString(written.position()));
                assertThat(read.status()).as(read.body()).isEqualTo(200);
                assertThat(read.json().path("sku").asText()).isEqualTo("BYSTANDER-1");
                assertThat(api.get("/api/v1/products/" + fine, poisoned.token()).status()).isEqualTo(200);
                assertThat(api.get("/api/v1/products/" + refused, poisoned.token()).status()).isEqualTo(404);
                assertThat(api.get("/api/v1/products", poisoned.token()).json().path("total").asLong())
                        .as("the batch's events isolated: the written one counted, the dead-lettered one not")
                        .isEqualTo(1);
            } finally {
                owner.execute("ALTER TABLE product_view DROP CONSTRAINT IF EXISTS poison_probe");
                owner.execute("ALTER TABLE competitor_view DROP CONSTRAINT IF EXISTS poison_probe");
            }
        }

        for (String group : List.of("catalog", "competitors")) {
            Api.Response retried = api.post("/admin/v1/dead-letters/" + group + "/retry", api.adminToken(), null);
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("succeeded").asInt()).as(retried.body()).isGreaterThanOrEqualTo(1);
        }
        assertThat(deadLetter("catalog", refused.toString())).isNull();
        assertThat(deadLetter("competitors", throwing.toString())).isNull();
        for (String group : List.of("catalog", "competitors")) {
            assertThat(deadLettersGauge(group)).as(group).isEqualTo(jdbc.queryForObject(
                    "SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", Long.class, group));
        }
        assertThat(api.get("/api/v1/products/" + refused, poisoned.token()).json().path("title").asText())
                .isEqualTo("Refused when written");
        assertThat(api.get("/api/v1/products", poisoned.token()).json().path("total").asLong())
                .as("counted once retried").isEqualTo(2);
        assertThat(api.get("/api/v1/competitors", poisoned.token()).body()).contains("Refused in its handler");
    }

    /**
     * A payload no reader can decode (written before a serializer change, or by hand) fails in every
     * processor that handles its type. The dead-letter queue parks it as stored: it used to decode it
     * again to store it, failed, and the processor retried it for ever, so those read models stopped for
     * every tenant.
     */
    @Test
    void anEventWhosePayloadCannotBeDecodedIsDeadLetteredAsStoredWhileOtherTenantsFlow() {
        Api.TenantToken poisoned = api.newTenant("Undecodable");
        Api.TenantToken bystander = api.newTenant("Bystander of undecodable");
        ProductId garbled = ProductId.forSku(TenantId.parse(poisoned.tenantId()), "GARBLED");
        try (Sql owner = Sql.connect(env)) {
            owner.query("INSERT INTO domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type,"
                            + " timestamp, payloadtype, payloadrevision, payload, metadata, tenant_id)"
                            + " VALUES (?, ?, 0, 'Product', ?, ?, NULL, ?, ?, ?::uuid) RETURNING globalindex",
                    UUID.randomUUID().toString(), garbled.toString(), Instant.now().toString(),
                    ProductDeactivated.class.getName(), "{not json at all".getBytes(StandardCharsets.UTF_8),
                    ("{\"tenantId\":\"" + poisoned.tenantId() + "\"}").getBytes(StandardCharsets.UTF_8),
                    poisoned.tenantId());
        }

        await("the undecodable event dead-lettered").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    for (String group : List.of("catalog", "audit", "shopify-channel")) {
                        assertThat(deadLetter(group, garbled.toString())).as(group).isNotNull();
                    }
                });
        Api.Response written = api.post("/api/v1/products", bystander.token(), product("BYSTANDER-UD", "5.00"));
        assertThat(written.status()).as(written.body()).isEqualTo(201);
        EventProcessors.awaitCaughtUp(api, "catalog", "audit", "shopify-channel", "channels", "preview-catalog");
        Api.Response read = api.get("/api/v1/products/" + written.json().path("id").asText(), bystander.token());
        assertThat(read.json().path("sku").asText()).isEqualTo("BYSTANDER-UD");

        Api.Response retried = api.post("/admin/v1/dead-letters/catalog/retry", api.adminToken(), null);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(deadLetter("catalog", garbled.toString())).as("still undecodable: still parked").isNotNull();
    }

    @Test
    void anEventTheTenantOrPriceChangeViewRefusesIsDeadLetteredWhileOtherTenantsFlow() {
        Api.TenantToken poisoned = api.newTenant("Poisoned views");
        Api.TenantToken bystander = api.newTenant("Bystander of views");
        TenantId tenantId = TenantId.parse(poisoned.tenantId());
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        TenantId refusedTenant = TenantId.random();
        PriceChangeId refusedChange = PriceChangeId.random();
        try (Sql owner = Sql.connect(env)) {
            owner.execute("ALTER TABLE tenant_view ADD CONSTRAINT poison_probe CHECK (name <> 'Refused tenant') NOT VALID");
            owner.execute("ALTER TABLE price_change_view ADD CONSTRAINT poison_probe CHECK (name <> 'Refused change')"
                    + " NOT VALID");
            try {
                events.append("Tenant", refusedTenant.toString(), refusedTenant.toString(), Actor.PLATFORM_ADMIN.id(),
                        new TenantCreated(refusedTenant, "Refused tenant", "USD"));
                events.append("PriceChange", refusedChange.toString(), poisoned.tenantId(), poisoned.tokenId(),
                        new PriceChangeDrafted(refusedChange, tenantId, new Actor(poisoned.tokenId()),
                                new Definition("Refused change", SUMMER_RULE, null, null, null), Instant.now()));

                await("both poison events dead-lettered").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            assertThat(deadLetter("tenants", refusedTenant.toString())).isNotNull();
                            assertThat(deadLetter("price-changes", refusedChange.toString())).isNotNull();
                        });
                assertThat(deadLetter("tenants", refusedTenant.toString()).path("cause").path("message").asText())
                        .contains("poison_probe");
                assertThat(deadLetter("price-changes", refusedChange.toString()).path("eventType").asText())
                        .isEqualTo("PriceChangeDrafted");

                Api.Response policy = api.send("PUT", "/api/v1/policy", bystander.token(),
                        Map.of("maxDecreasePercent", "20"));
                assertThat(policy.status()).as(policy.body()).isEqualTo(200);
                Api.Response policyRead = api.get("/api/v1/policy", bystander.token(),
                        "X-Calibrate-Wait-For", Long.toString(policy.position()));
                assertThat(policyRead.status()).as(policyRead.body()).isEqualTo(200);
                assertThat(policyRead.json().path("maxDecreasePercent").asText()).isEqualTo("20.00");
                Api.Response drafted = api.post("/api/v1/price-changes", bystander.token(),
                        Map.of("name", "Bystander sale", "rule", SUMMER_RULE));
                assertThat(drafted.status()).as(drafted.body()).isEqualTo(201);
                Api.Response changeRead = api.get("/api/v1/price-changes/" + drafted.json().path("id").asText(),
                        bystander.token(), "X-Calibrate-Wait-For", Long.toString(drafted.position()));
                assertThat(changeRead.status()).as(changeRead.body()).isEqualTo(200);
                assertThat(changeRead.json().path("name").asText()).isEqualTo("Bystander sale");
                assertThat(api.get("/api/v1/price-changes/" + refusedChange, poisoned.token()).status()).isEqualTo(404);
            } finally {
                owner.execute("ALTER TABLE tenant_view DROP CONSTRAINT IF EXISTS poison_probe");
                owner.execute("ALTER TABLE price_change_view DROP CONSTRAINT IF EXISTS poison_probe");
            }
        }

        for (String group : List.of("tenants", "price-changes")) {
            Api.Response retried = api.post("/admin/v1/dead-letters/" + group + "/retry", api.adminToken(), null);
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("succeeded").asInt()).as(retried.body()).isGreaterThanOrEqualTo(1);
        }
        assertThat(deadLetter("tenants", refusedTenant.toString())).isNull();
        assertThat(deadLetter("price-changes", refusedChange.toString())).isNull();
        try (Sql owner = Sql.connect(env)) {
            assertThat(owner.single("SELECT name FROM tenant_view WHERE tenant_id = ?", refusedTenant.value()))
                    .isEqualTo("Refused tenant");
        }
        assertThat(api.get("/api/v1/price-changes/" + refusedChange, poisoned.token()).json().path("name").asText())
                .isEqualTo("Refused change");
    }

    @Test
    void aSyncRecordThePriceChangeItemsRefuseIsDeadLetteredWhileOtherTenantsFlow() {
        Api.TenantToken poisoned = api.newTenant("Poisoned sync");
        Api.TenantToken bystander = api.newTenant("Bystander of sync");
        StoredEvents events = new StoredEvents(eventStore, positions, jdbc);
        PriceChangeId poisonedChange = PriceChangeId.random();
        PriceChangeId bystanderChange = PriceChangeId.random();
        ProductId refused = ProductId.forSku(TenantId.parse(poisoned.tenantId()), "SYNC-REFUSED");
        ProductId fine = ProductId.forSku(TenantId.parse(bystander.tenantId()), "SYNC-FINE");
        try (Sql owner = Sql.connect(env)) {
            owner.execute(item(poisoned.tenantId(), poisonedChange, refused, "SYNC-REFUSED"));
            owner.execute(item(bystander.tenantId(), bystanderChange, fine, "SYNC-FINE"));
            owner.execute("ALTER TABLE price_change_item_confirmation ADD CONSTRAINT poison_probe"
                    + " CHECK (product_id <> '" + refused.value() + "') NOT VALID");
            try {
                // the sync records of a batch are written in a few statements when it commits
                events.append("Product", refused.toString(), poisoned.tenantId(), poisoned.tokenId(),
                        synced(refused, poisoned.tenantId(), poisonedChange));
                events.append("Product", fine.toString(), bystander.tenantId(), bystander.tokenId(),
                        synced(fine, bystander.tenantId(), bystanderChange));

                await("the refused record dead-lettered, the other one written").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            assertThat(deadLetter(PriceChangeItemConfirmations.PROCESSING_GROUP, refused.toString())).isNotNull();
                            assertThat(owner.single("SELECT apply_confirmation->'shopify'->>'state'"
                                    + " FROM price_change_item_confirmation WHERE product_id = ?", fine.value()))
                                    .isEqualTo("SYNCED");
                        });
                assertThat(owner.query("SELECT 1 FROM price_change_item_confirmation WHERE product_id = ?",
                        refused.value())).isEmpty();
            } finally {
                owner.execute("ALTER TABLE price_change_item_confirmation DROP CONSTRAINT IF EXISTS poison_probe");
            }

            Api.Response retried = api.post("/admin/v1/dead-letters/" + PriceChangeItemConfirmations.PROCESSING_GROUP + "/retry",
                    api.adminToken(), null);
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("succeeded").asInt()).as(retried.body()).isGreaterThanOrEqualTo(1);
            assertThat(deadLetter(PriceChangeItemConfirmations.PROCESSING_GROUP, refused.toString())).isNull();
            assertThat(owner.single("SELECT apply_confirmation->'shopify'->>'state'"
                    + " FROM price_change_item_confirmation WHERE product_id = ?", refused.value())).isEqualTo("SYNCED");
        }
    }

    private static String item(String tenantId, PriceChangeId change, ProductId product, String sku) {
        return "INSERT INTO price_change_item (tenant_id, price_change_id, preview_hash, seq, product_id, sku, currency,"
                + " status, reasons, explain) VALUES ('" + tenantId + "', '" + change.value() + "', '" + "0".repeat(64)
                + "', 0, '" + product.value() + "', '" + sku + "', 'USD', 'CHANGE', '[]', '{}')";
    }

    private static ChannelPriceSynced synced(ProductId product, String tenantId, PriceChangeId change) {
        return new ChannelPriceSynced(product, TenantId.parse(tenantId), "shopify", change, RunKind.APPLY,
                new Money(new BigDecimal("9.00"), "USD"), null);
    }

    private void assertStoredWithReplacements(Api.TenantToken tenant, ProductId product, PriceChangeId change) {
        JsonNode stored = api.get("/api/v1/products/" + product, tenant.token()).json();
        assertThat(stored.path("sku").asText()).isEqualTo("NUL" + REPLACED + "SKU");
        assertThat(stored.path("title").asText()).isEqualTo("Tee" + REPLACED);
        assertThat(stored.path("vendor").asText()).isEqualTo("Ac" + REPLACED + "me");
        assertThat(stored.path("tags").get(0).asText()).isEqualTo("sum" + REPLACED + "mer");
        assertThat(stored.toString()).contains("asin" + REPLACED);
        JsonNode competitors = api.get("/api/v1/competitors", tenant.token()).json();
        assertThat(competitors.toString()).contains("Ri" + REPLACED + "val");
        JsonNode priceChange = api.get("/api/v1/price-changes/" + change, tenant.token()).json();
        assertThat(priceChange.path("name").asText()).isEqualTo("Sale" + REPLACED);
        assertThat(priceChange.toString()).contains("NUL" + REPLACED + "SKU");
    }

    private long deadLettersGauge(String group) {
        String scrape = api.get("/actuator/prometheus", api.operatorToken()).body();
        Matcher value = Pattern.compile(
                "(?m)^calibrate_dead_letters\\{processing_group=\"" + group + "\"}\\s+(\\S+)$").matcher(scrape);
        assertThat(value.find()).as("calibrate_dead_letters of %s in the scrape", group).isTrue();
        return (long) Double.parseDouble(value.group(1));
    }

    private JsonNode deadLetter(String group, String sequence) {
        JsonNode page = api.get("/admin/v1/dead-letters?processingGroup=" + group + "&size=500", api.adminToken()).json();
        for (JsonNode letter : page.path("items")) {
            if (letter.path("sequenceId").asText().equals(sequence)) {
                return letter;
            }
        }
        return null;
    }
}
