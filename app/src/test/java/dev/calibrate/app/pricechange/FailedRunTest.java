package dev.calibrate.app.pricechange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.Sql;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrice;
import dev.calibrate.kernel.product.ProductMessages.SetProductPrices;
import dev.calibrate.kernel.product.ProductNotFound;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.calibrate.app.pricechange.PriceChangeSteps.SUMMER_SALE;
import static dev.calibrate.app.pricechange.PriceChangeSteps.product;
import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run that fails on every attempt ends FAILED with the reason (the tests run with
 * {@code calibrate.price-changes.max-run-attempts=3}), shows in health and in the gauge, and waits for
 * an admin: a retry once the cause is gone completes it, an abandon ends it. A product that refuses its
 * write fails only its own item, and the run goes on.
 * <p>
 * A run is broken for real: one item of the approved change is pointed at a product that does not
 * exist (the command fails, not as a refusal, on every attempt) or at another tenant's product (the
 * product refuses: not found).
 */
class FailedRunTest extends IntegrationTest {

    private static final Pattern FAILED_GAUGE = Pattern.compile("calibrate_price_change_runs\\{state=\"failed\",?\\}\\s+(\\S+)");

    @Autowired
    Environment environment;

    @Autowired
    CommandBus commandBus;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aRunThatAlwaysFailsEndsFailedAfterItsAttemptsAndARetryCompletesItOnceTheCauseIsGone() {
        Fixture acme = approvedChange("Always failing");
        UUID product = acme.productOf("AF-2");
        acme.pointItemAt("AF-2", UUID.randomUUID());

        assertThat(acme.steps.action(acme.token.token(), acme.change, "apply", null).status()).isEqualTo(202);

        JsonNode failed = acme.steps.view(acme.token.token(), acme.change, "FAILED").get("failedRun");
        assertThat(failed.get("kind").asText()).isEqualTo("APPLY");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("reason").asText()).contains("AggregateNotFoundException");
        acme.steps.awaitEvent(acme.token.token(), acme.change, "PriceChangeRunFailed");
        JsonNode health = api.healthDetails().json().get("components").get("priceChangeRuns");
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("details").get("failed")).anySatisfy(run -> {
            assertThat(run.get("priceChange").asText()).isEqualTo(acme.change);
            assertThat(run.get("run").asText()).isEqualTo("APPLY");
            assertThat(run.get("attempts").asInt()).isEqualTo(3);
        });
        assertThat(failedGauge()).isGreaterThanOrEqualTo(1);

        acme.pointItemAt("AF-2", product);
        Api.Response retried = retry(acme.change, "APPLY");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("state").asText()).isEqualTo("APPLYING");
        acme.steps.awaitApplied(acme.token.token(), acme.change);
        JsonNode applied = acme.steps.view(acme.token.token(), acme.change, "APPLIED");
        assertThat(applied.get("applied").asInt()).isEqualTo(2);
        assertThat(applied.get("failedRun").get("attempts").asInt()).as("the failure stays in the change's record")
                .isEqualTo(3);
        assertProblem(retry(acme.change, "APPLY"), 409, "conflict");
    }

    @Test
    void anAbandonedRunEndsTheChangeAndCannotBeRetried() {
        Fixture acme = approvedChange("Abandoned");
        acme.pointItemAt("AF-2", UUID.randomUUID());
        acme.steps.action(acme.token.token(), acme.change, "apply", null);
        acme.steps.view(acme.token.token(), acme.change, "FAILED");

        assertProblem(api.post(runs(acme.change, "ROLLBACK") + "/abandon", api.adminToken(), null), 409, "conflict");
        Api.Response abandoned = api.post(runs(acme.change, "APPLY") + "/abandon", api.adminToken(), null);

        assertThat(abandoned.status()).as(abandoned.body()).isEqualTo(200);
        assertThat(abandoned.json().get("state").asText()).isEqualTo("ABANDONED");
        JsonNode view = acme.steps.view(acme.token.token(), acme.change, "ABANDONED");
        assertThat(view.get("abandonedBy").asText()).isEqualTo("admin");
        assertThat(acme.steps.items(acme.token.token(), acme.change))
                .extracting(item -> item.get("sku").asText() + "=" + item.get("outcome").asText())
                .as("the broken item was never written").contains("AF-2=PENDING");
        assertProblem(retry(acme.change, "APPLY"), 409, "conflict");
        assertProblem(api.post(runs(acme.change, "APPLY") + "/abandon", api.adminToken(), null), 409, "conflict");
    }

    @Test
    void aChangeThatIsNotFailedCannotBeRetriedOrAbandoned() {
        Fixture acme = approvedChange("Not failed");

        assertProblem(retry(acme.change, "APPLY"), 409, "conflict");
        assertProblem(api.post(runs(acme.change, "APPLY") + "/abandon", api.adminToken(), null), 409, "conflict");
    }

    @Test
    void anIdThatNamesNoPriceChangeIs404AndTheRunKindMustBeApplyOrRollback() {
        Fixture acme = approvedChange("Ids");
        String product = acme.productOf("AF-1").toString();

        for (String id : List.of(UUID.randomUUID().toString(), product, "not-a-uuid")) {
            assertProblem(retry(id, "APPLY"), 404, "not-found");
            assertProblem(api.post(runs(id, "ROLLBACK") + "/abandon", api.adminToken(), null), 404, "not-found");
        }
        assertInvalidField(retry(acme.change, "SIDEWAYS"), "kind");
    }

    @Test
    void onlyTheAdminTokenRetriesOrAbandons() {
        Fixture acme = approvedChange("Tenant token");

        assertProblem(api.post(runs(acme.change, "APPLY") + "/retry", acme.token.token(), null), 403, "forbidden");
        assertProblem(api.post(runs(acme.change, "APPLY") + "/retry", null, null), 401, "unauthorized");
    }

    /**
     * The refusal marks the write's transaction rollback-only; the item's FAILED outcome is recorded in
     * a transaction of its own, so it stays and the run finishes instead of failing on every attempt.
     */
    @Test
    void aProductThatRefusesItsWriteFailsOnlyItsItemAndTheRunFinishes() {
        Fixture acme = approvedChange("Refused write");
        Fixture globex = approvedChange("Someone else");
        acme.pointItemAt("AF-2", globex.productOf("AF-1"));

        assertThat(acme.steps.action(acme.token.token(), acme.change, "apply", null).status()).isEqualTo(202);

        acme.steps.awaitApplied(acme.token.token(), acme.change);
        JsonNode view = acme.steps.view(acme.token.token(), acme.change, "APPLIED");
        assertThat(view.get("applied").asInt()).isEqualTo(1);
        assertThat(view.get("conflicts").asInt()).as("failed items count with the conflicts").isEqualTo(1);
        assertThat(view.get("failedRun")).isNull();
        assertThat(acme.steps.items(acme.token.token(), acme.change)).anySatisfy(item -> {
            assertThat(item.get("sku").asText()).isEqualTo("AF-2");
            assertThat(item.get("outcome").asText()).isEqualTo("FAILED");
            assertThat(item.get("outcomeReason").asText()).contains("not found");
        });
    }

    /**
     * A failure inside the write that rolls back a Spring transaction of its own (here: a handler
     * interceptor on the real command bus) leaves the run's transaction rollback-only, and then the write
     * is refused. The item's FAILED outcome must not be committed in that transaction: it would vanish
     * with an UnexpectedRollbackException, and the run would fail on every attempt.
     */
    @Test
    void aRefusalAfterAFailureThatMarkedTheTransactionRollbackOnlyStillRecordsTheItemAsFailed() {
        Fixture acme = approvedChange("Rollback only");
        ProductId poisoned = new ProductId(acme.productOf("AF-2"));
        Registration interceptor = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof SetProductPrices chunk
                    && chunk.writes().stream().anyMatch(write -> write.productId().equals(poisoned))) {
                // the chunk fails as a whole, so the run writes its items one by one
                throw new IllegalStateException("the chunk failed");
            }
            if (unitOfWork.getMessage().getPayload() instanceof SetProductPrice write
                    && write.productId().equals(poisoned)) {
                try {
                    new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                        throw new IllegalStateException("a nested step of the write failed");
                    });
                } catch (IllegalStateException nestedStepFailed) {
                    throw new ProductNotFound();
                }
            }
            return chain.proceed();
        });
        try {
            assertThat(acme.steps.action(acme.token.token(), acme.change, "apply", null).status()).isEqualTo(202);

            acme.steps.awaitApplied(acme.token.token(), acme.change);
        } finally {
            interceptor.cancel();
        }
        JsonNode view = acme.steps.view(acme.token.token(), acme.change, "APPLIED");
        assertThat(view.get("applied").asInt()).isEqualTo(1);
        assertThat(acme.steps.items(acme.token.token(), acme.change)).anySatisfy(item -> {
            assertThat(item.get("sku").asText()).isEqualTo("AF-2");
            assertThat(item.get("outcome").asText()).isEqualTo("FAILED");
        });
    }

    private Api.Response retry(String change, String kind) {
        return api.post(runs(change, kind) + "/retry", api.adminToken(), null);
    }

    private static String runs(String change, String kind) {
        return "/admin/v1/price-changes/" + change + "/runs/" + kind;
    }

    private double failedGauge() {
        String metrics = api.get("/actuator/prometheus", api.operatorToken()).body();
        Matcher gauge = FAILED_GAUGE.matcher(metrics);
        assertThat(gauge.find()).as("calibrate_price_change_runs{state=\"failed\"} in %s", metrics).isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    /** A tenant with two summer products and an approved 15%-off change of both. */
    private Fixture approvedChange(String name) {
        String tenant = api.createTenant(name, "USD");
        Api.TenantToken token = api.token(tenant, "catalog:read", "catalog:write", "prices:write", "prices:apply",
                "audit:read");
        Api.TenantToken approver = api.token(tenant, "prices:approve");
        PriceChangeSteps steps = new PriceChangeSteps(api);
        steps.catalog(token.token(), List.of(product("AF-1", "40.00", "10.00", "summer"),
                product("AF-2", "50.00", "10.00", "summer")));
        String change = steps.approved(token.token(), approver.token(), name, SUMMER_SALE, Map.of());
        return new Fixture(token, steps, change);
    }

    private final class Fixture {
        final Api.TenantToken token;
        final PriceChangeSteps steps;
        final String change;

        Fixture(Api.TenantToken token, PriceChangeSteps steps, String change) {
            this.token = token;
            this.steps = steps;
            this.change = change;
        }

        UUID productOf(String sku) {
            try (Sql owner = Sql.connect(environment)) {
                return (UUID) owner.single("SELECT product_id FROM price_change_item WHERE price_change_id = ?"
                        + " AND sku = ?", UUID.fromString(change), sku);
            }
        }

        /** Points the change's item for {@code sku} at {@code product}, as if the preview had stored that. */
        void pointItemAt(String sku, UUID product) {
            try (Sql owner = Sql.connect(environment)) {
                Object failure = owner.failureOf("UPDATE price_change_item SET product_id = ?"
                        + " WHERE price_change_id = ? AND sku = ?", product, UUID.fromString(change), sku);
                assertThat(failure).isNull();
            }
        }
    }
}
