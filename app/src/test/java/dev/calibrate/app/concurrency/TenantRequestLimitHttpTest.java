package dev.calibrate.app.concurrency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.ConsoleClient;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Requests at once per tenant over HTTP, in the shared context: each test gives a tenant of its own one place
 * and takes it itself (as a slow request of that tenant would), so nothing else of the suite waits.
 */
class TenantRequestLimitHttpTest extends IntegrationTest {

    @Autowired
    TenantRequestGate gate;
    @Autowired
    TenantRequestSettings settings;

    @Test
    void aTenantWithEveryPlaceTakenIsToldToRetryWhileAnotherTenantIsServed() throws Exception {
        Api.TenantToken busy = limitedTenant("busy", 0, Duration.ZERO);
        Api.TenantToken bystander = api.newTenant("bystander " + UUID.randomUUID());

        try (TenantRequestGate.Place slow = (TenantRequestGate.Place) gate.enter(tenantOf(busy))) {
            Api.Response refused = api.get("/api/v1/products", busy.token());
            JsonNode problem = assertProblem(refused, 429, "too-many-requests");
            assertThat(problem.path("policy").asText()).isEqualTo("tenant-in-flight");
            assertThat(problem.path("detail").asText()).isEqualTo("this tenant already has 1 requests being served"
                    + " and 0 waiting on this server, the most it may; retry after 1 s");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(api.post("/api/v1/products", busy.token(), "{}").status()).as("writes too").isEqualTo(429);

            assertThat(api.get("/api/v1/products", bystander.token()).status()).as("another tenant").isEqualTo(200);
            assertThat(api.get("/admin/v1/tenants", api.adminToken()).status()).as("the admin token, no tenant's")
                    .isEqualTo(200);
        }
        assertThat(api.get("/api/v1/products", busy.token()).status()).as("its place given back").isEqualTo(200);
    }

    @Test
    void aRequestWaitsForItsTenantsPlaceAndIsServedOnceItIsFree() throws Exception {
        Api.TenantToken busy = limitedTenant("waits", 1, Duration.ofSeconds(20));
        TenantRequestGate.Place slow = (TenantRequestGate.Place) gate.enter(tenantOf(busy));
        CompletableFuture<Api.Response> waiting = CompletableFuture.supplyAsync(
                () -> api.get("/api/v1/products", busy.token()));
        try {
            assertThatThrownBy(() -> waiting.get(500, TimeUnit.MILLISECONDS)).as("not served while the place is taken")
                    .isInstanceOf(TimeoutException.class);
            assertThat(gate.waiting(tenantOf(busy))).isEqualTo(1);
        } finally {
            slow.close();
        }
        assertThat(waiting.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void whenAsManyRequestsAsMayWaitOnTheNodeWaitAnotherTenantAtItsLimitIsToldToRetry() throws Exception {
        int nodeWaiting = settings.nodeWaiting();
        Api.TenantToken crowd = limitedTenant("crowd", nodeWaiting, Duration.ofSeconds(30));
        Api.TenantToken busy = limitedTenant("busy on a full node", 5, Duration.ofSeconds(30));
        Api.TenantToken bystander = api.newTenant("bystander of a full node " + UUID.randomUUID());
        TenantRequestGate.Place crowdsSlow = (TenantRequestGate.Place) gate.enter(tenantOf(crowd));
        TenantRequestGate.Place busysSlow = (TenantRequestGate.Place) gate.enter(tenantOf(busy));
        // the node's room for waiting requests, all taken by one tenant's (each gives its place back once it has it)
        ExecutorService waiters = Executors.newFixedThreadPool(nodeWaiting);
        List<Future<TenantRequestGate.Admission>> crowdsRequests = new ArrayList<>();
        try {
            for (int i = 0; i < nodeWaiting; i++) {
                crowdsRequests.add(waiters.submit(() -> {
                    TenantRequestGate.Admission admission = gate.enter(tenantOf(crowd));
                    if (admission instanceof TenantRequestGate.Place place) {
                        place.close();
                    }
                    return admission;
                }));
            }
            // the node's count, which a request takes after its tenant's
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.waiting() == nodeWaiting);

            Api.Response refused = api.get("/api/v1/products", busy.token());
            JsonNode problem = assertProblem(refused, 429, "too-many-requests");
            assertThat(problem.path("policy").asText()).isEqualTo("tenant-in-flight");
            assertThat(problem.path("detail").asText()).isEqualTo("this tenant already has 1 requests being served on"
                    + " this server, and " + nodeWaiting + " requests of all tenants wait for a place here, the most"
                    + " that may; retry after 1 s");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(gate.waiting(tenantOf(busy))).as("the refused request does not stay counted").isZero();
            assertThat(api.get("/api/v1/products", bystander.token()).status())
                    .as("a tenant with a free place does not wait, so is served").isEqualTo(200);
        } finally {
            crowdsSlow.close();
            busysSlow.close();
            waiters.shutdown();
        }
        for (Future<TenantRequestGate.Admission> request : crowdsRequests) {
            assertThat(request.get(30, TimeUnit.SECONDS)).as("every waiting request served in turn")
                    .isInstanceOf(TenantRequestGate.Place.class);
        }
        assertThat(api.get("/api/v1/products", busy.token()).status()).as("room again").isEqualTo(200);
    }

    @Test
    void theConsoleGetsAShortPage() throws Exception {
        Api.TenantToken busy = limitedTenant("console", 0, Duration.ZERO);
        ConsoleClient console = new ConsoleClient(port);
        console.signInWithToken(busy.token());

        try (TenantRequestGate.Place slow = (TenantRequestGate.Place) gate.enter(tenantOf(busy))) {
            ConsoleClient.Page page = console.get("/console/products");
            assertThat(page.status()).isEqualTo(429);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("Too many requests at once");
            assertThat(page.header("Retry-After")).isEqualTo("1");
        }
        assertThat(console.get("/console/products").status()).isEqualTo(200);
    }

    private Api.TenantToken limitedTenant(String name, int waiting, Duration maxWait) {
        String tenant = api.createTenant("requests at once " + name + " " + UUID.randomUUID(), "USD");
        gate.limitTenant(new TenantId(UUID.fromString(tenant)), new TenantRequestGate.Limits(1, waiting, maxWait));
        return api.token(tenant, "catalog:read", "catalog:write");
    }

    private static TenantId tenantOf(Api.TenantToken token) {
        return new TenantId(UUID.fromString(token.tenantId()));
    }
}
