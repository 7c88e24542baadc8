package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.Explain;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrice;
import dev.calibrate.kernel.product.ProductMessages.RevertProductPrices;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A run writes its items a chunk at a time: one command decides the chunk's products together and
 * appends one event per product. These tests tell the chunk's events by their shared causation (the
 * chunk command); an item written alone has a causation of its own.
 */
class ChunkedRunTest extends IntegrationTest {

    @Autowired
    CommandGateway commands;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    Environment env;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        approver = api.token(manager.tenantId(), "prices:approve");
        steps.catalog(manager.token(), List.of(
                product("TS-1", "20.00", "8.00", "summer"),
                product("TS-2", "35.00", "30.00", "summer"),
                product("TS-3", "44.00", null, "summer"),
                product("TS-4", "12.00", null, "summer")));
    }

    @Test
    void aChunkRecordsAConflictForAProductChangedSinceThePreviewAndAppliesTheRest() {
        String change = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        api.post("/api/v1/products", manager.token(), product("TS-3", "45.00", null, "summer"));

        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);

        Map<String, JsonNode> items = bySku(steps.items(manager.token(), change));
        assertThat(items.get("TS-3").get("outcome").asText()).isEqualTo("CONFLICT");
        assertThat(items.get("TS-3").get("outcomeReason").asText())
                .isEqualTo("the price is now 45.00 USD, not the previewed 44.00");
        assertThat(List.of("TS-1", "TS-2", "TS-4")).allSatisfy(sku ->
                assertThat(items.get(sku).get("outcome").asText()).as(sku).isEqualTo("APPLIED"));
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("16.99");
        assertThat(steps.priceOf(manager.token(), id("TS-3"))).isEqualTo("45.00");
        try (Sql owner = Sql.connect(env)) {
            List<Map<String, Object>> events = changeEvents(owner, change);
            assertThat(events).extracting(e -> e.get("payloadtype").toString().replaceAll(".*\\$", ""))
                    .containsExactlyInAnyOrder("ProductPriceChanged", "ProductPriceChanged", "ProductPriceChanged",
                            "ProductPriceChangeConflicted");
            assertThat(events).extracting(e -> e.get("causation")).as("one chunk command").containsOnly(
                    events.get(0).get("causation"));
            assertThat(events).extracting(e -> e.get("actor")).containsOnly(manager.tokenId());
            assertThat(events).extracting(e -> e.get("correlation")).containsOnly(change);
        }
        assertThat(api.get("/api/v1/products/" + id("TS-1"), manager.token()).json().toString()).contains("16.99");
    }

    @Test
    void aChunkThatLosesARaceWithASingleWriteIsWrittenItemByItemExactlyOnce() throws Exception {
        String change = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        TenantId tenant = new TenantId(UUID.fromString(manager.tenantId()));
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);
        try (Sql owner = Sql.connect(env)) {
            transaction.executeWithoutResult(tx -> {
                // a single write to TS-3, appended and not yet committed: the chunk, which cannot see it,
                // appends TS-3's next event at the same sequence number and waits on the unique key
                commands.sendAndWait(new UpsertProduct(new ProductId(UUID.fromString(id("TS-3"))), tenant, "TS-3",
                        new ProductDetails("Product TS-3", "Acme", null, List.of("summer"), null, Map.of()), null,
                        List.of(new ObservedPrice(new Money(new BigDecimal("46.00"), "USD"), null)), "api"));
                assertThat(steps.action(manager.token(), change, "apply", null).status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                        owner.count("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'") > 0);
            });
            steps.awaitApplied(manager.token(), change);

            Map<String, JsonNode> items = bySku(steps.items(manager.token(), change));
            assertThat(items.get("TS-3").get("outcome").asText()).isEqualTo("CONFLICT");
            assertThat(items.get("TS-3").get("outcomeReason").asText())
                    .isEqualTo("the price is now 46.00 USD, not the previewed 44.00");
            assertThat(List.of("TS-1", "TS-2", "TS-4")).allSatisfy(sku ->
                    assertThat(items.get(sku).get("outcome").asText()).as(sku).isEqualTo("APPLIED"));
            List<Map<String, Object>> events = changeEvents(owner, change);
            assertThat(events).as("one event per product, none from the chunk that lost")
                    .extracting(e -> e.get("aggregateidentifier")).doesNotHaveDuplicates().hasSize(4);
            assertThat(events).extracting(e -> e.get("causation")).as("each written alone").doesNotHaveDuplicates();
        }
        assertThat(steps.priceOf(manager.token(), id("TS-3"))).isEqualTo("46.00");
        assertThat(steps.priceOf(manager.token(), id("TS-4"))).isEqualTo("9.99");
    }

    @Test
    void aChunkAppliedChangeRollsBackInAChunk() {
        String change = steps.approved(manager.token(), approver.token(), "Summer sale", SUMMER_SALE, Map.of());
        steps.action(manager.token(), change, "apply", null);
        steps.awaitApplied(manager.token(), change);
        api.post("/api/v1/products", manager.token(), product("TS-2", "39.00", "30.00", "summer"));

        steps.action(manager.token(), change, "rollback", null);
        steps.awaitRolledBack(manager.token(), change);

        Map<String, JsonNode> items = bySku(steps.items(manager.token(), change));
        assertThat(items.get("TS-2").get("outcome").asText()).isEqualTo("ROLLBACK_CONFLICT");
        assertThat(List.of("TS-1", "TS-3", "TS-4")).allSatisfy(sku ->
                assertThat(items.get(sku).get("outcome").asText()).as(sku).isEqualTo("ROLLED_BACK"));
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("20.00");
        assertThat(steps.priceOf(manager.token(), id("TS-2"))).isEqualTo("39.00");
        assertThat(steps.priceOf(manager.token(), id("TS-4"))).isEqualTo("12.00");
        try (Sql owner = Sql.connect(env)) {
            List<Map<String, Object>> rollback = changeEvents(owner, change).stream()
                    .filter(e -> e.get("payload").toString().contains("\"ROLLBACK\"")).toList();
            assertThat(rollback).hasSize(4);
            assertThat(rollback).extracting(e -> e.get("causation")).containsOnly(rollback.get(0).get("causation"));
        }
        JsonNode view = steps.view(manager.token(), change, "ROLLED_BACK");
        assertThat(view.get("rolledBack").asInt()).isEqualTo(3);
        assertThat(view.get("rollbackConflicts").asInt()).isEqualTo(1);
    }

    @Test
    void aChunkWhoseWriteNamesAnotherTenantIsRefusedWholeAndWritesNothing() {
        TenantId tenant = new TenantId(UUID.fromString(manager.tenantId()));
        TenantId other = new TenantId(UUID.fromString(api.createTenant("Other", "USD")));
        PriceChangeId change = new PriceChangeId(UUID.randomUUID());
        SetProductPrices chunk = new SetProductPrices(tenant, change, List.of(
                setPrice("TS-1", tenant, change, "20.00", "18.00"),
                setPrice("TS-2", other, change, "35.00", "31.00")));

        assertThatThrownBy(() -> commands.sendAndWait(chunk)).isInstanceOfSatisfying(InvalidInput.class, refused ->
                assertThat(refused.field()).isEqualTo("writes[1].tenantId"));

        assertNothingWritten(change);
        assertThat(steps.priceOf(manager.token(), id("TS-1"))).isEqualTo("20.00");
    }

    @Test
    void aChunkWhoseWriteNamesAnotherPriceChangeIsRefusedWholeAndWritesNothing() {
        TenantId tenant = new TenantId(UUID.fromString(manager.tenantId()));
        PriceChangeId change = new PriceChangeId(UUID.randomUUID());
        PriceChangeId another = new PriceChangeId(UUID.randomUUID());
        SetProductPrices apply = new SetProductPrices(tenant, change, List.of(
                setPrice("TS-1", tenant, another, "20.00", "18.00")));
        RevertProductPrices rollback = new RevertProductPrices(tenant, change, List.of(
                new RevertProductPrice(new ProductId(UUID.fromString(id("TS-1"))), tenant, change, usd("18.00"),
                        new ObservedPrice(usd("20.00"), null), false),
                new RevertProductPrice(new ProductId(UUID.fromString(id("TS-2"))), tenant, another, usd("31.00"),
                        new ObservedPrice(usd("35.00"), null), false)));

        assertThatThrownBy(() -> commands.sendAndWait(apply)).isInstanceOfSatisfying(InvalidInput.class, refused ->
                assertThat(refused.field()).isEqualTo("writes[0].priceChangeId"));
        assertThatThrownBy(() -> commands.sendAndWait(rollback)).isInstanceOfSatisfying(InvalidInput.class, refused ->
                assertThat(refused.field()).isEqualTo("writes[1].priceChangeId"));

        assertNothingWritten(change);
        assertNothingWritten(another);
    }

    @Test
    void aRollbackChunkWhoseWriteNamesAnotherTenantIsRefused() {
        TenantId tenant = new TenantId(UUID.fromString(manager.tenantId()));
        TenantId other = new TenantId(UUID.fromString(api.createTenant("Other", "USD")));
        PriceChangeId change = new PriceChangeId(UUID.randomUUID());
        RevertProductPrices rollback = new RevertProductPrices(tenant, change, List.of(
                new RevertProductPrice(new ProductId(UUID.fromString(id("TS-1"))), other, change, usd("20.00"),
                        new ObservedPrice(usd("18.00"), null), false)));

        assertThatThrownBy(() -> commands.sendAndWait(rollback)).isInstanceOfSatisfying(InvalidInput.class, refused ->
                assertThat(refused.field()).isEqualTo("writes[0].tenantId"));

        assertNothingWritten(change);
    }

    private SetProductPrice setPrice(String sku, TenantId tenant, PriceChangeId change, String expected, String next) {
        return new SetProductPrice(new ProductId(UUID.fromString(id(sku))), tenant, change, usd(expected), usd(next),
                null, new Explain(List.of(), List.of(), List.of()), false);
    }

    private void assertNothingWritten(PriceChangeId change) {
        try (Sql owner = Sql.connect(env)) {
            assertThat(changeEvents(owner, change.toString())).isEmpty();
        }
    }

    private static Money usd(String amount) {
        return new Money(new BigDecimal(amount), "USD");
    }

    private static List<Map<String, Object>> changeEvents(Sql owner, String change) {
        return owner.query("SELECT aggregateidentifier, sequencenumber, payloadtype,"
                + " convert_from(payload, 'UTF8') AS payload,"
                + " convert_from(metadata, 'UTF8')::jsonb ->> 'causationId' AS causation,"
                + " convert_from(metadata, 'UTF8')::jsonb ->> 'correlationId' AS correlation,"
                + " convert_from(metadata, 'UTF8')::jsonb ->> 'actor' AS actor"
                + " FROM domainevententry WHERE type = 'Product'"
                + " AND convert_from(payload, 'UTF8')::jsonb ->> 'priceChangeId' = ? ORDER BY globalindex", change);
    }

    private String id(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(manager.tenantId())), sku).toString();
    }

    private static Map<String, JsonNode> bySku(Iterable<JsonNode> items) {
        return StreamSupport.stream(items.spliterator(), false)
                .collect(Collectors.toMap(i -> i.get("sku").asText(), i -> i));
    }
}
