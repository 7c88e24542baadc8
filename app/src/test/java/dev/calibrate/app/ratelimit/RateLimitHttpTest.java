package dev.calibrate.app.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.ProductBodies;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits over HTTP, in the shared context: each test lowers the limits of a tenant of its own (the
 * suite's are far above anything it sends), so no other test is slowed and no other context started.
 * Rates are slow (one permit every 500 s) so that no bucket refills while a test runs, however long the
 * JVM stalls.
 */
class RateLimitHttpTest extends IntegrationTest {

    /** A caller: 3 reads and 2 writes; its tenant, all callers together: 5 reads and 3 writes. */
    private static final RequestRateLimits.TenantLimits LOW = new RequestRateLimits.TenantLimits(
            new RateLimitSettings.Buckets(0.002, 3, 0.002, 2),
            new RateLimitSettings.Buckets(0.002, 5, 0.002, 3));

    @Autowired
    RequestRateLimits limits;

    @Test
    void aCallerPastItsReadBurstGetsA429WithRetryAfterAndRateLimitHeaders() {
        Api.TenantToken token = limitedTenant("reads");
        for (int i = 0; i < 3; i++) {
            Api.Response allowed = api.get("/api/v1/products", token.token());
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("RateLimit-Policy")).isEqualTo("\"caller-read\";q=3;w=1500, \"tenant-read\";q=5;w=2500");
            assertThat(allowed.header("RateLimit")).startsWith("\"caller-read\";r=" + (2 - i) + ";t=");
        }
        Api.Response refused = api.get("/api/v1/products", token.token());
        JsonNode problem = assertProblem(refused, 429, "too-many-requests");
        assertThat(problem.path("policy").asText()).isEqualTo("caller-read");
        assertThat(problem.path("detail").asText()).startsWith("this caller may send 0.002 reads a second (bursts of 3)");
        assertThat(problem.path("requestId").asText()).isNotBlank();
        // not asked again before a batch (here one permit) has refilled: about 500 s
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(400L, 501L);
        assertThat(refused.header("RateLimit")).isEqualTo("\"caller-read\";r=0;t=" + refused.header("Retry-After"));
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"caller-read\";q=3;w=1500");
    }

    @Test
    void writesHaveBucketsOfTheirOwn() {
        Api.TenantToken token = limitedTenant("writes");
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/v1/products", token.token(), ProductBodies.product("RL-" + i, "9.50")).status())
                    .isIn(200, 201);
        }
        Api.Response refused = api.post("/api/v1/products", token.token(), ProductBodies.product("RL-3", "9.50"));
        assertThat(assertProblem(refused, 429, "too-many-requests").path("policy").asText()).isEqualTo("caller-write");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(api.get("/api/v1/products", token.token()).status()).as("reads are not writes").isEqualTo(200);
    }

    @Test
    void aSecondTokenHasItsOwnBucketButSharesItsTenants() {
        Api.TenantToken first = limitedTenant("two tokens");
        Api.TenantToken second = api.token(first.tenantId(), "catalog:read");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/products", first.token()).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/products", first.token()).status()).isEqualTo(429);
        // the first token's refusal spent nothing of the tenant's: 3 of its 5 are gone, 2 are left
        for (int i = 0; i < 2; i++) {
            assertThat(api.get("/api/v1/products", second.token()).status()).as("second token, read %d", i)
                    .isEqualTo(200);
        }
        Api.Response refused = api.get("/api/v1/products", second.token());
        assertThat(assertProblem(refused, 429, "too-many-requests").path("policy").asText()).isEqualTo("tenant-read");
        assertThat(refused.json().path("detail").asText()).startsWith("this tenant's callers together may send");
        assertThat(refused.header("RateLimit")).startsWith("\"caller-read\";r=");
        assertThat(refused.header("RateLimit")).contains("\"tenant-read\";r=0;t=");
    }

    @Test
    void anotherTenantIsNeverSlowedByOneThatSpentItsLimits() {
        Api.TenantToken limited = limitedTenant("noisy");
        Api.TenantToken other = limitedTenant("quiet");
        Api.TenantToken othersSecond = api.token(other.tenantId(), "catalog:read");
        for (int i = 0; i < 10; i++) {
            api.get("/api/v1/products", limited.token());
        }
        assertThat(api.get("/api/v1/products", limited.token()).status()).isEqualTo(429);
        // the quiet tenant has the same low limits, and spends from buckets of its own: all 5 of its reads
        for (int i = 0; i < 3; i++) {
            Api.Response allowed = api.get("/api/v1/products", other.token());
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("RateLimit")).isEqualTo("\"caller-read\";r=%d;t=%d, \"tenant-read\";r=%d;t=%d"
                    .formatted(2 - i, 500 * (i + 1), 4 - i, 500 * (i + 1)));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(api.get("/api/v1/products", othersSecond.token()).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/products", othersSecond.token()).status()).isEqualTo(429);
    }

    @Test
    void aConsoleSessionCountsAgainstItsTenantAndIsToldWhenToComeBack() {
        Api.TenantToken token = limitedTenant("console");
        ConsoleClient console = new ConsoleClient(port);
        console.signInWithToken(token.token());
        int allowed = 0;
        ConsoleClient.Page page = console.get("/console/products");
        while (page.status() == 200 && allowed < 10) {
            allowed++;
            page = console.get("/console/products");
        }
        // signed in with the token, the session is that token's caller: 3 reads, the sign-in page's included
        assertThat(allowed).isLessThanOrEqualTo(3);
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Too many requests");
        assertThat(page.header("Retry-After")).isNotBlank();
        assertThat(api.get("/api/v1/products", token.token()).status()).as("the same caller over the API")
                .isEqualTo(429);
    }

    @Test
    void aRequestRefusedBeforeAuthenticationSpendsNothingAndCarriesNoHeaders() {
        Api.Response unauthenticated = api.get("/api/v1/products", "clb_not_a_token");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.header("RateLimit")).isNull();
        assertThat(api.healthDetails().header("RateLimit")).as("actuator").isNull();
    }

    private Api.TenantToken limitedTenant(String name) {
        String tenant = api.createTenant("rate limits " + name + " " + UUID.randomUUID(), "USD");
        limits.limitTenant(new TenantId(UUID.fromString(tenant)), LOW);
        return api.token(tenant, "catalog:read", "catalog:write");
    }
}
