package dev.calibrate.app.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.EventProcessors;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductCreated;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import dev.calibrate.kernel.product.ProductMessages.ProductPriceObserved;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.support.ProblemAssertions.assertInvalidField;
import static dev.calibrate.app.support.ProductBodies.product;
import static dev.calibrate.app.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform admin lists what a processing group parked in its dead-letter queue, and hands it to
 * the group's handlers again: what succeeds leaves the queue, what fails again stays with its new cause.
 */
class AdminDeadLetterTest extends IntegrationTest {

    private static final String GROUP = "shopify-channel";
    private static final String CATALOG = "catalog";

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDeadLetterIsListedWithItsCauseAndARetryEmptiesWhatNowSucceeds() {
        TenantId tenant = TenantId.random();
        ProductId healed = new ProductId(UUID.randomUUID());
        ProductId poison = new ProductId(UUID.randomUUID());
        // a deactivation the variant links failed on once (say, a lock timeout): handled fine now
        enqueue(healed, new ProductDeactivated(healed, tenant), new IllegalStateException("lock timeout"));
        // a product created without details: the variant links fail on it every time
        enqueue(poison, new ProductCreated(poison, tenant, "SKU-POISON", null, true),
                new NullPointerException("details"));

        JsonNode listed = api.get("/admin/v1/dead-letters?processingGroup=" + GROUP + "&size=500", api.adminToken()).json();

        JsonNode healedLetter = letterOf(listed, healed);
        assertThat(healedLetter.path("processingGroup").asText()).isEqualTo(GROUP);
        assertThat(healedLetter.path("eventType").asText()).isEqualTo("ProductDeactivated");
        assertThat(healedLetter.path("aggregateId").asText()).isEqualTo(healed.toString());
        assertThat(healedLetter.path("cause").path("type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(healedLetter.path("cause").path("message").asText()).isEqualTo("lock timeout");
        assertThat(healedLetter.path("enqueuedAt").asText()).isNotEmpty();
        assertThat(healedLetter.path("lastTouched").asText()).isNotEmpty();
        assertThat(healedLetter.path("diagnostics").isObject()).isTrue();
        assertThat(letterOf(listed, poison).path("eventType").asText()).isEqualTo("ProductCreated");
        assertThat(listed.path("total").asLong()).isGreaterThanOrEqualTo(2);

        Api.Response retried = api.post("/admin/v1/dead-letters/" + GROUP + "/retry", api.adminToken(), null);

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().path("processingGroup").asText()).isEqualTo(GROUP);
        assertThat(retried.json().path("succeeded").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(retried.json().path("failed").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode after = api.get("/admin/v1/dead-letters?processingGroup=" + GROUP + "&size=500", api.adminToken()).json();
        assertThat(find(after, healed)).isNull();
        assertThat(letterOf(after, poison).path("cause").path("type").asText())
                .isEqualTo(NullPointerException.class.getName());

        evict(poison);
    }

    @Test
    void aLetterThatFailsAgainWhenItsBatchIsWrittenStaysWithItsCause() {
        Api.TenantToken owner = api.newTenant("Dead letter at commit");
        TenantId tenant = TenantId.parse(owner.tenantId());
        Api.Response created = api.post("/api/v1/products", owner.token(), product("DL-COMMIT", "3.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ProductId poison = ProductId.forSku(tenant, "DL-COMMIT");
        // the catalog writes a batch when its unit of work commits: a failure there has no handler exception
        new StoredEvents(eventStore, positions, jdbc).append("Product", poison.toString(), owner.tenantId(),
                owner.tokenId(), new ProductPriceObserved(poison, tenant, null, null, "api"));
        await("dead-lettered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> find(api.get("/admin/v1/dead-letters?processingGroup=" + CATALOG + "&size=500",
                        api.adminToken()).json(), poison) != null);
        try {
            Api.Response retried = api.post("/admin/v1/dead-letters/" + CATALOG + "/retry", api.adminToken(), null);

            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            assertThat(retried.json().path("failed").asInt()).as(retried.body()).isGreaterThanOrEqualTo(1);
            JsonNode after = api.get("/admin/v1/dead-letters?processingGroup=" + CATALOG + "&size=500",
                    api.adminToken()).json();
            assertThat(letterOf(after, poison).path("cause").path("type").asText()).isNotEmpty();
        } finally {
            evict(CATALOG, poison);
        }
    }

    @Test
    void listsEveryGroupWhenNoneIsNamedAndPagesThroughThem() {
        ProductId first = new ProductId(UUID.randomUUID());
        ProductId second = new ProductId(UUID.randomUUID());
        TenantId tenant = TenantId.random();
        enqueue(first, new ProductDeactivated(first, tenant), new IllegalStateException("first"));
        enqueue(second, new ProductDeactivated(second, tenant), new IllegalStateException("second"));
        try {
            JsonNode page = api.get("/admin/v1/dead-letters?size=1&page=0", api.adminToken()).json();

            assertThat(page.path("items")).hasSize(1);
            assertThat(page.path("size").asInt()).isEqualTo(1);
            assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(page.path("sequences").asLong()).isGreaterThanOrEqualTo(2);
        } finally {
            evict(first);
            evict(second);
        }
    }

    @Test
    void unknownGroupsBadPagesAndTenantTokensAreRefused() {
        assertProblem(api.get("/admin/v1/dead-letters?processingGroup=no-such-group", api.adminToken()), 404, null);
        assertProblem(api.post("/admin/v1/dead-letters/no-such-group/retry", api.adminToken(), null), 404, null);
        // a subscribing group has no dead-letter queue
        assertProblem(api.post("/admin/v1/dead-letters/price-change-runs/retry", api.adminToken(), null), 404, null);
        assertInvalidField(api.get("/admin/v1/dead-letters?size=0", api.adminToken()), "size");
        assertInvalidField(api.get("/admin/v1/dead-letters?page=-1", api.adminToken()), "page");

        Api.TenantToken tenant = api.newTenant("Dead letters");
        assertProblem(api.get("/admin/v1/dead-letters", tenant.token()), 403, null);
        assertProblem(api.post("/admin/v1/dead-letters/" + GROUP + "/retry", tenant.token(), null), 403, null);
        assertProblem(api.get("/admin/v1/dead-letters", null), 401, null);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group).orElseThrow();
    }

    private void enqueue(ProductId product, Object payload, Throwable cause) {
        EventMessage<?> event = new GenericDomainEventMessage<>("Product", product.toString(), 0, payload);
        queue(GROUP).enqueue(product.toString(), new GenericDeadLetter<>(product.toString(), event, cause));
    }

    private void evict(ProductId product) {
        evict(GROUP, product);
    }

    private void evict(String group, ProductId product) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue(group).deadLetterSequence(product.toString()).forEach(letters::add);
        letters.forEach(queue(group)::evict);
    }

    private static JsonNode letterOf(JsonNode page, ProductId product) {
        JsonNode letter = find(page, product);
        assertThat(letter).as("dead letter of %s in %s", product, page).isNotNull();
        return letter;
    }

    private static JsonNode find(JsonNode page, ProductId product) {
        for (JsonNode letter : page.path("items")) {
            if (letter.path("sequenceId").asText().equals(product.toString())) {
                return letter;
            }
        }
        return null;
    }
}
