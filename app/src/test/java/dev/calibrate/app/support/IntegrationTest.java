package dev.calibrate.app.support;

import dev.calibrate.app.support.contract.ContractConfiguration;
import dev.calibrate.app.support.contract.ContractLedger;
import dev.calibrate.connectors.shopify.fake.FakeShopify;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Base of the integration tests: the whole application over real HTTP on one port per JVM, against
 * the JVM's one embedded PostgreSQL ({@link SharedPostgres}, a database per Spring context, shared by
 * the tests that use the same configuration). Tests isolate themselves by creating their own tenants. Every
 * response of a documented operation is checked against the OpenAPI document while a test runs
 * ({@link ContractConfiguration}); a test during which one broke it fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "calibrate.admin-token=" + IntegrationTest.ADMIN_TOKEN,
                "calibrate.consistency.max-wait=20s",
                "calibrate.secrets.key=" + IntegrationTest.SECRETS_KEY,
                // the fake answers in milliseconds; a stalled call (delayNext) times out quickly
                "calibrate.shopify.request-timeout=3s",
                "calibrate.amazon.request-timeout=3s",
                // a run that keeps failing reaches FAILED within seconds (FailedRunTest)
                "calibrate.price-changes.max-run-attempts=3",
                "calibrate.price-changes.run-retry-backoff=300ms",
                // event streams poll, beat and end quickly, and a few per tenant (EventStreamTest)
                "calibrate.events.stream.poll-interval=100ms",
                "calibrate.events.stream.heartbeat=300ms",
                "calibrate.events.stream.max-duration=5s",
                "calibrate.events.stream.max-open-per-tenant=3",
                // a client that stops reading is dropped soon (EventStreamIsolationTest)
                "calibrate.events.stream.send-timeout=2s",
                // a revoked token's stream ends within a second or so (EventStreamCredentialTest)
                "calibrate.events.stream.credential-check=1s",
                // a sparse filter pages through a small window (FeedBoundsTest); the timeout is the default's, as a
                // busy machine's pages of 1,000 events can take seconds
                "calibrate.events.scan-window=200",
                "calibrate.events.statement-timeout=5s",
                // PriceAtTest reads back through 5,001 events over HTTP: room for a busy build machine (its timeout
                // test builds the read with 1 ms)
                "calibrate.price-at.read-timeout=30s",
                // an audit log export longer than this is refused (AuditExportTest)
                "calibrate.audit.export-max-range=12",
                // a simulation stops at a dozen stored items, and replays at most five changed products
                // (RuleSimulationLimitsTest; the other simulation tests stay within both)
                "calibrate.pricing.simulation.max-items=12",
                "calibrate.pricing.simulation.max-changed-products=5",
                // a simulation's worker is freed just after its state is written: a second worker keeps the
                // next test's start from meeting that instant (RuleSimulationRefusalsTest holds both)
                "calibrate.pricing.simulation.workers=2",
                // the suite creates thousands of products with one token: limits far above it; the tests of
                // the limits lower them for a tenant of their own (RequestRateLimits.limitTenant)
                "calibrate.rate-limits.caller.reads-per-second=100000",
                "calibrate.rate-limits.caller.read-burst=1000000",
                "calibrate.rate-limits.caller.writes-per-second=100000",
                "calibrate.rate-limits.caller.write-burst=1000000",
                "calibrate.rate-limits.tenant.reads-per-second=100000",
                "calibrate.rate-limits.tenant.read-burst=1000000",
                "calibrate.rate-limits.tenant.writes-per-second=100000",
                "calibrate.rate-limits.tenant.write-burst=1000000",
                "calibrate.rate-limits.admin.reads-per-second=100000",
                "calibrate.rate-limits.admin.read-burst=1000000",
                "calibrate.rate-limits.admin.writes-per-second=100000",
                "calibrate.rate-limits.admin.write-burst=1000000",
                // no load balancer to wait for when a test context closes (ReadinessGraceTest tests the grace)
                "calibrate.shutdown.readiness-grace=0s"
        })
@IntegrationTest.Marker
@ContextConfiguration(initializers = SharedPostgres.class)
@Import(ContractConfiguration.class)
// Spring Boot tests switch metric export off unless asked; every test asks, so all share one context
// (and one port, which the fake Shopify's webhooks are addressed to)
@AutoConfigureObservability(tracing = false)
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
    /** 32 bytes, base64: the master key that seals connector secrets in tests. */
    public static final String SECRETS_KEY = "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=";
    /**
     * Chosen once per JVM rather than per context, so that the fake Shopify's webhook subscriptions
     * (created while connecting, addressed to {@code calibrate.shopify.public-url}) reach this app.
     */
    static final int PORT = AppProcesses.portToBindLater();

    @DynamicPropertySource
    static void shopify(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("calibrate.shopify.base-url", () -> ShopifyFake.server().baseUrlTemplate());
        registry.add("calibrate.shopify.public-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("calibrate.shopify.client-id", () -> FakeShopify.DEFAULT_CLIENT_ID);
        registry.add("calibrate.shopify.client-secret", () -> FakeShopify.DEFAULT_CLIENT_SECRET);
        registry.add("calibrate.amazon.lwa-url", () -> AmazonFake.server().lwaUrl());
        registry.add("calibrate.amazon.spapi-base-url", () -> AmazonFake.server().spApiBaseUrl());
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Marker {
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected com.fasterxml.jackson.databind.ObjectMapper mapper;

    protected Api api;

    @BeforeEach
    void connectApi() {
        api = new Api("http://localhost:" + port, ADMIN_TOKEN, mapper);
        // what happened before this test (another test, a context starting) is not its doing
        ContractLedger.takeViolations();
    }

    @AfterEach
    void responsesKeptTheOpenApiDocument() {
        List<String> violations = ContractLedger.takeViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("responses broke the OpenAPI document:\n  " + String.join("\n  ", violations));
        }
    }
}
