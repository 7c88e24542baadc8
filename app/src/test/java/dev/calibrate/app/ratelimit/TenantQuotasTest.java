package dev.calibrate.app.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.pricechange.PriceChangeSteps;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Daily quotas over HTTP, each test lowering them for a tenant of its own in the shared context. */
class TenantQuotasTest extends IntegrationTest {

    @Autowired
    TenantQuotas quotas;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aTenantPastItsPriceChangesOfTheDayGetsA429UntilMidnightAndOthersDoNot() {
        skipNearMidnight();
        Api.TenantToken author = tenantWith(new QuotaSettings(0, 2, 0), "prices:write", "catalog:read");
        Api.TenantToken other = api.newTenant("unlimited " + UUID.randomUUID());
        assertThat(draft(author).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/price-changes", author.token(), Map.of("rule", PriceChangeSteps.SUMMER_SALE))
                .status()).as("refused at the edge: not counted").isEqualTo(400);
        assertThat(api.post("/api/v1/price-changes", author.token(), Map.of("name", "expired",
                "rule", PriceChangeSteps.SUMMER_SALE, "expiresAt", "2020-01-01T00:00:00Z")).status())
                .as("refused by the aggregate: its count rolled back with the command's transaction").isEqualTo(400);
        assertThat(draft(author).status()).isEqualTo(201);

        Api.Response refused = draft(author);
        JsonNode problem = assertProblem(refused, 429, "too-many-requests");
        assertThat(problem.path("quota").asText()).isEqualTo("price-changes");
        assertThat(problem.path("limit").asInt()).isEqualTo(2);
        assertThat(problem.path("detail").asText())
                .isEqualTo("this tenant's quota of 2 price changes drafted a day is used up; it starts again at 00:00 UTC");
        long untilMidnight = Duration.between(Instant.now(),
                LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(untilMidnight - 60, untilMidnight + 1);

        assertThat(draft(other).status()).as("another tenant").isEqualTo(201);
    }

    @Test
    void aTenantPastItsCopilotQuestionsOfTheDayGetsA429() {
        skipNearMidnight();
        Api.TenantToken asker = tenantWith(new QuotaSettings(0, 0, 1), "copilot:query");
        assertThat(api.post("/api/v1/copilot/query", asker.token(), Map.of("question", "How many products are there?"))
                .status()).isEqualTo(200);
        Api.Response refused = api.post("/api/v1/copilot/query", asker.token(),
                Map.of("question", "How many products are there?"));
        JsonNode problem = assertProblem(refused, 429, "too-many-requests");
        assertThat(problem.path("quota").asText()).isEqualTo("copilot-questions");
        assertThat(problem.path("detail").asText()).contains("quota of 1 copilot questions asked a day");
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    @Test
    void aTenantAtItsProductQuotaCreatesNoMoreButStillUpdatesWhatItHas() {
        Api.TenantToken merchant = tenantWith(new QuotaSettings(2, 0, 0), "catalog:read", "catalog:write");
        assertThat(api.post("/api/v1/products", merchant.token(), ProductBodies.product("Q-1", "10.00")).status())
                .isEqualTo(201);
        Api.Response second = api.post("/api/v1/products", merchant.token(), ProductBodies.product("Q-2", "10.00"));
        assertThat(second.status()).isEqualTo(201);
        // the quota counts the catalog read model: wait until it holds both
        assertThat(api.get("/api/v1/products", merchant.token(), "X-Calibrate-Wait-For",
                String.valueOf(second.position())).status()).isEqualTo(200);

        JsonNode refused = assertProblem(api.post("/api/v1/products", merchant.token(),
                ProductBodies.product("Q-3", "10.00")), 403, "forbidden");
        assertThat(refused.path("quota").asText()).isEqualTo("products");
        assertThat(refused.path("detail").asText()).startsWith("this tenant may hold 2 products and holds 2");
        assertThat(api.post("/api/v1/products", merchant.token(), ProductBodies.product("Q-1", "11.00")).status())
                .as("an update").isEqualTo(200);

        Api.Response batch = api.post("/api/v1/products:batch", merchant.token(), Map.of("items", List.of(
                Map.of("sku", "Q-4", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))),
                Map.of("sku", "Q-2", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "2.00"))))));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("results")).extracting(r -> r.path("status").asInt()).containsExactly(403, 200);
    }

    @Test
    void aBatchOfNewProductsCreatesAsManyAsTheQuotaLeavesRoomForAndRefusesTheRest() {
        Api.TenantToken merchant = tenantWith(new QuotaSettings(3, 0, 0), "catalog:read", "catalog:write");
        Api.Response first = api.post("/api/v1/products", merchant.token(), ProductBodies.product("R-1", "10.00"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/products", merchant.token(), "X-Calibrate-Wait-For",
                String.valueOf(first.position())).status()).isEqualTo(200);

        Api.Response batch = api.post("/api/v1/products:batch", merchant.token(), Map.of("items", List.of(
                Map.of("sku", "R-2", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))),
                Map.of("sku", "R-3", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))),
                Map.of("sku", "R-4", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))),
                Map.of("sku", "R-5", "title", "Tee", "prices", List.of(Map.of("currency", "USD", "amount", "1.00"))))));
        assertThat(batch.status()).isEqualTo(200);
        // one held, a quota of three: room for two, not the whole batch
        assertThat(batch.json().path("results")).extracting(r -> r.path("status").asInt())
                .containsExactly(201, 201, 403, 403);
    }

    @Test
    void dailyCountsOlderThanTwoDaysAreDeleted() {
        UUID tenant = UUID.randomUUID();
        for (int daysAgo = 0; daysAgo <= 4; daysAgo++) {
            jdbc.update("INSERT INTO tenant_daily_count (tenant_id, quota, day, used)"
                    + " VALUES (?, 'price-changes', (clock_timestamp() AT TIME ZONE 'UTC')::date - ?, 1)", tenant, daysAgo);
        }
        quotas.forgetDaysBefore(RateLimitCleanup.KEEP_DAILY_COUNTS_DAYS);
        assertThat(jdbc.queryForList("SELECT (clock_timestamp() AT TIME ZONE 'UTC')::date - day FROM tenant_daily_count"
                + " WHERE tenant_id = ? ORDER BY day DESC", Integer.class, tenant)).containsExactly(0, 1, 2);
    }

    @Test
    void zeroIsUnlimited() {
        Api.TenantToken author = tenantWith(new QuotaSettings(0, 0, 0), "prices:write", "catalog:read");
        for (int i = 0; i < 3; i++) {
            assertThat(draft(author).status()).isEqualTo(201);
        }
    }

    /** The counts are the server's UTC day's: a test spanning midnight would count on two days. */
    private static void skipNearMidnight() {
        Instant now = Instant.now();
        Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assumeTrue(Duration.between(now, midnight).compareTo(Duration.ofMinutes(2)) > 0,
                "within two minutes of UTC midnight");
    }

        private Api.Response draft(Api.TenantToken author) {
        return api.post("/api/v1/price-changes", author.token(),
                Map.of("name", "quota " + UUID.randomUUID(), "rule", PriceChangeSteps.SUMMER_SALE));
    }

    private Api.TenantToken tenantWith(QuotaSettings limits, String... scopes) {
        String tenant = api.createTenant("quotas " + UUID.randomUUID(), "USD");
        quotas.limitTenant(new TenantId(UUID.fromString(tenant)), limits);
        return api.token(tenant, scopes);
    }
}
