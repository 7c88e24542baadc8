package dev.calibrate.app.messaging;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.product.ObservedPrice;
import dev.calibrate.kernel.product.ProductDetails;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.UpsertProduct;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracking-processor gap hazard: a transaction that took its event's global index first but
 * commits after a later one leaves a gap the processor must come back to. Committed within the
 * gap timeout, its events still reach the read model.
 */
class GapHazardTest extends IntegrationTest {

    @Autowired
    CommandGateway commands;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void anEventCommittedAfterALaterOneStillReachesTheReadModel() throws Exception {
        Api.TenantToken tenant = api.newTenant("Gap");
        TenantId tenantId = new TenantId(java.util.UUID.fromString(tenant.tenantId()));
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(tx -> {
            commands.sendAndWait(upsert(tenantId, "GAP-SLOW"));
            appended.countDown();
            awaitLatch(release);
        }));
        assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

        Api.Response fast = api.post("/api/v1/products", tenant.token(),
                Map.of("sku", "GAP-FAST", "title", "Fast", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))));
        assertThat(fast.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/products?sku=GAP-FAST", tenant.token(),
                "X-Calibrate-Wait-For", String.valueOf(fast.position())).json().get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/products?sku=GAP-SLOW", tenant.token()).json().get("total").asLong()).isZero();

        release.countDown();
        slow.get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/v1/products?sku=GAP-SLOW", tenant.token()).json().get("total").asLong()).isEqualTo(1));
    }

    private static UpsertProduct upsert(TenantId tenantId, String sku) {
        return new UpsertProduct(ProductId.forSku(tenantId, sku), tenantId, sku,
                new ProductDetails("Slow", null, null, List.of(), null, Map.of()), null,
                List.of(new ObservedPrice(new Money(new BigDecimal("2.00"), "USD"), null)), "api");
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
