package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scheduled applies and expiries fire through the persistent deadline manager (db-scheduler). */
class PriceChangeSchedulingTest extends IntegrationTest {

    @Autowired
    private Environment environment;

    private PriceChangeSteps steps;
    private Api.TenantToken manager;
    private Api.TenantToken approver;

    @BeforeEach
    void tenant() {
        steps = new PriceChangeSteps(api);
        manager = api.token(api.createTenant("Acme", "USD"), "catalog:read", "catalog:write", "prices:write",
                "prices:apply", "audit:read");
        approver = api.token(manager.tenantId(), "prices:approve");
        steps.catalog(manager.token(), List.of(product("TS-1", "20.00", null, "summer"),
                product("TS-2", "40.00", null, "summer")));
    }

    @Test
    void aScheduledSaleAppliesAtItsTimeAndExpiresAtItsEnd() {
        Instant start = Instant.now().plusSeconds(5);
        Instant end = start.plusSeconds(6);
        String change = steps.approved(manager.token(), approver.token(), "Weekend sale", SUMMER_SALE,
                Map.of("scheduleAt", start.toString(), "expiresAt", end.toString()));

        Api.Response scheduled = steps.action(manager.token(), change, "apply", null);
        assertThat(scheduled.status()).isEqualTo(202);
        assertThat(scheduled.json().get("state").asText()).isEqualTo("SCHEDULED");
        assertThat(api.get("/api/v1/price-changes/" + change + "/items?outcome=PENDING", manager.token())
                .json().get("total").asInt()).isEqualTo(2);

        steps.awaitApplied(manager.token(), change);
        assertThat(Instant.now()).as("not before its time").isAfterOrEqualTo(start);
        assertThat(steps.awaitEvent(manager.token(), change, "PriceChangeApplyStarted").get("actor").asText())
                .isEqualTo("system");
        assertThat(steps.priceOf(manager.token(), productId("TS-1"))).isEqualTo("16.99");

        steps.awaitRolledBack(manager.token(), change);
        assertThat(Instant.now()).as("not before it expires").isAfterOrEqualTo(end);
        assertThat(steps.awaitEvent(manager.token(), change, "PriceChangeRollbackStarted").get("actor").asText())
                .isEqualTo("system");
        assertThat(steps.priceOf(manager.token(), productId("TS-1"))).isEqualTo("20.00");
        assertThat(steps.priceOf(manager.token(), productId("TS-2"))).isEqualTo("40.00");
        JsonNode expired = steps.view(manager.token(), change, "EXPIRED");
        assertThat(expired.get("rolledBack").asInt()).isEqualTo(2);
    }

    @Test
    void aCancelledScheduledChangeNeverApplies() {
        Instant start = Instant.now().plusSeconds(3);
        String change = steps.approved(manager.token(), approver.token(), "Cancelled sale", SUMMER_SALE,
                Map.of("scheduleAt", start.toString()));
        assertThat(steps.action(manager.token(), change, "apply", null).json().get("state").asText())
                .isEqualTo("SCHEDULED");
        assertThat(steps.action(manager.token(), change, "cancel", null).json().get("state").asText())
                .isEqualTo("CANCELLED");

        try (Sql owner = Sql.connect(environment)) {
            String deadlineOfThisChange = "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'AxonDeadline'"
                    + " AND position(convert_to(?, 'UTF8') IN task_data) > 0";
            assertThat(owner.count(deadlineOfThisChange, change)).as("the deadline is pending").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(owner.count(deadlineOfThisChange, change))
                            .as("the deadline fired (and was done with)").isZero());
        }
        assertThat(Instant.now()).isAfterOrEqualTo(start);
        JsonNode audit = api.get("/api/v1/audit?entityType=price-change&entityId=" + change, manager.token()).json();
        assertThat(audit.get("items")).extracting(i -> i.get("action").asText())
                .doesNotContain("PriceChangeApplyStarted").contains("PriceChangeCancelled");
        assertThat(steps.priceOf(manager.token(), productId("TS-1"))).isEqualTo("20.00");
        steps.view(manager.token(), change, "CANCELLED");
    }

    private String productId(String sku) {
        return ProductId.forSku(new TenantId(UUID.fromString(manager.tenantId())), sku).toString();
    }
}
