package dev.calibrate.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.money.Money;
import dev.calibrate.kernel.pricechange.PriceChangeId;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplied;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApplyStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeApproved;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeCancelled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeDrafted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeEdited;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangePreviewed;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRejected;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRollbackStarted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeRolledBack;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeScheduled;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.PriceChangeSubmitted;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RollbackTrigger;
import dev.calibrate.kernel.pricechange.PriceChangeMessages.RunKind;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChangeConflicted;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceChanged;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.kernel.tenant.TenantMessages.TenantPolicyChanged;
import dev.calibrate.kernel.tenant.TenantPolicy;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.PriceChangeSamples.EXPLAIN;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMARY;
import static dev.calibrate.app.support.PriceChangeSamples.SUMMER_SALE;
import static dev.calibrate.app.support.ProductBodies.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Every price change event is in the audit log with who did it; every price a change set, with its explain trace. */
class PriceChangeAuditTest extends IntegrationTest {

    private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");
    private static final String H1 = "a".repeat(64);
    private static final String H2 = "b".repeat(64);

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    private StoredEvents events;
    private Api.TenantToken acme;
    private TenantId tenant;

    @BeforeEach
    void tenant() {
        events = new StoredEvents(eventStore, positions, jdbc);
        acme = api.newTenant("Audit price changes " + UUID.randomUUID());
        tenant = TenantId.parse(acme.tenantId());
    }

    @Test
    void everyPriceChangeEventIsLoggedWithItsActor() {
        PriceChangeId applied = PriceChangeId.random();
        PriceChangeId rejected = PriceChangeId.random();
        PriceChangeId cancelled = PriceChangeId.random();
        String alice = acme.tokenId();
        String bob = api.token(acme.tenantId(), "prices:approve").tokenId();
        append(applied, alice, new PriceChangeDrafted(applied, tenant, new Actor(alice), SUMMER_SALE, AT),
                new PriceChangeEdited(applied, tenant, new Actor(alice), SUMMER_SALE, AT),
                new PriceChangePreviewed(applied, tenant, new Actor(alice), H1, SUMMARY, AT),
                new PriceChangeSubmitted(applied, tenant, new Actor(alice), H1, AT));
        append(applied, bob, new PriceChangeApproved(applied, tenant, new Actor(bob), H1, false, AT),
                new PriceChangeScheduled(applied, tenant, new Actor(bob), AT.plusSeconds(3600), AT));
        append(applied, "system", new PriceChangeApplyStarted(applied, tenant, Actor.SYSTEM, AT),
                new PriceChangeApplied(applied, tenant, 1, 0, null, AT),
                new PriceChangeRollbackStarted(applied, tenant, Actor.SYSTEM, RollbackTrigger.EXPIRY, AT),
                new PriceChangeRolledBack(applied, tenant, 1, 0, RollbackTrigger.EXPIRY, AT));
        append(rejected, alice, new PriceChangeDrafted(rejected, tenant, new Actor(alice), SUMMER_SALE, AT),
                new PriceChangePreviewed(rejected, tenant, new Actor(alice), H2, SUMMARY, AT),
                new PriceChangeSubmitted(rejected, tenant, new Actor(alice), H2, AT));
        append(rejected, bob, new PriceChangeRejected(rejected, tenant, new Actor(bob), "too deep", AT));
        long position = append(cancelled, alice,
                new PriceChangeDrafted(cancelled, tenant, new Actor(alice), SUMMER_SALE, AT),
                new PriceChangeCancelled(cancelled, tenant, new Actor(alice), AT));

        JsonNode log = audit("?entityType=price-change&entityId=" + applied, position);
        assertThat(log.get("items")).extracting(i -> i.get("action").asText(), i -> i.get("actor").asText())
                .containsExactly(
                        tuple("PriceChangeRolledBack", "system"), tuple("PriceChangeRollbackStarted", "system"),
                        tuple("PriceChangeApplied", "system"), tuple("PriceChangeApplyStarted", "system"),
                        tuple("PriceChangeScheduled", bob), tuple("PriceChangeApproved", bob),
                        tuple("PriceChangeSubmitted", alice), tuple("PriceChangePreviewed", alice),
                        tuple("PriceChangeEdited", alice), tuple("PriceChangeDrafted", alice));
        assertThat(log.get("items")).allSatisfy(item -> {
            assertThat(item.get("entityType").asText()).isEqualTo("price-change");
            assertThat(item.get("tenantId").asText()).isEqualTo(acme.tenantId());
            assertThat(item.has("explain")).isFalse();
        });
        assertThat(audit("?entityId=" + rejected + "&actor=" + bob, position).get("items"))
                .extracting(i -> i.get("action").asText()).containsExactly("PriceChangeRejected");
        assertThat(audit("?entityId=" + cancelled, position).get("items"))
                .extracting(i -> i.get("action").asText())
                .containsExactly("PriceChangeCancelled", "PriceChangeDrafted");
    }

    @Test
    void aPriceAChangeSetCarriesItsExplainTraceAndNothingElseDoes() {
        Api.Response created = api.post("/api/v1/products", acme.token(), product("AU-1", "25.00"));
        String productId = created.json().get("id").asText();
        ProductId product = new ProductId(UUID.fromString(productId));
        PriceChangeId change = PriceChangeId.random();
        events.append("Product", productId, acme.tenantId(), "system",
                new ProductPriceChanged(product, tenant, change, RunKind.APPLY, usd("25.00"), usd("20.99"),
                        usd("99.00"), usd("99.00"), EXPLAIN),
                new ProductPriceChangeConflicted(product, tenant, change, RunKind.ROLLBACK, usd("20.99"),
                        usd("19.00"), "the price moved"));
        long position = events.append("Tenant", acme.tenantId(), acme.tenantId(), acme.tokenId(),
                new TenantPolicyChanged(tenant, TenantPolicy.unrestricted()));

        JsonNode items = audit("?entityType=product&entityId=" + productId, position).get("items");
        assertThat(items).extracting(i -> i.get("action").asText()).containsExactly("ProductPriceChangeConflicted",
                "ProductPriceChanged", "ProductPriceObserved", "ProductCreated");
        assertThat(items.get(1).get("explain")).isEqualTo(mapper.valueToTree(EXPLAIN));
        assertThat(items.get(1).get("actor").asText()).isEqualTo("system");
        assertThat(List.of(items.get(0), items.get(2), items.get(3))).allSatisfy(item ->
                assertThat(item.has("explain")).as(item.get("action").asText()).isFalse());

        JsonNode policy = audit("?entityType=tenant-policy", position).get("items");
        assertThat(policy).extracting(i -> i.get("action").asText(), i -> i.get("actor").asText())
                .containsExactly(tuple("TenantPolicyChanged", acme.tokenId()));
    }

    private long append(PriceChangeId id, String actor, Object... payloads) {
        return events.append("PriceChange", id.toString(), acme.tenantId(), actor, payloads);
    }

    private JsonNode audit(String query, long position) {
        Api.Response response = api.get("/api/v1/audit" + query, acme.token(), EventPositions.WAIT_HEADER,
                String.valueOf(position));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Money usd(String amount) {
        return Money.parse(amount, "USD", "amount");
    }
}
