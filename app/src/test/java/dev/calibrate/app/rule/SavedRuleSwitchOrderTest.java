package dev.calibrate.app.rule;

import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.app.support.StoredEvents;
import dev.calibrate.kernel.message.EventPositions;
import dev.calibrate.kernel.rule.SavedRuleId;
import dev.calibrate.kernel.rule.SavedRuleMessages.SavedRuleDisabled;
import dev.calibrate.kernel.tenant.Actor;
import dev.calibrate.kernel.tenant.TenantId;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The read model's enabled flag follows the order of the rule's events, not the clocks that stamped them. */
class SavedRuleSwitchOrderTest extends IntegrationTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    EventPositions positions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDisableAfterAnEnableWinsThoughItsClockWasBehind() {
        String tenant = api.createTenant("Acme", "USD");
        Api.TenantToken writer = api.token(tenant, "prices:write");
        Api.TenantToken admin = api.token(tenant, "admin");
        Api.Response created = api.post("/api/v1/rules", writer.token(),
                Map.of("name", "Summer", "rule", SavedRulesHttpTest.TEN_OFF));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Api.Response enabled = api.post("/api/v1/rules/" + id + "/enable", admin.token(), null);
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);

        // the next event of the rule, stamped by a node whose clock runs an hour behind
        long position = new StoredEvents(eventStore, positions, jdbc).append("SavedRule", id, tenant,
                admin.tokenId(), new SavedRuleDisabled(new SavedRuleId(UUID.fromString(id)), TenantId.parse(tenant),
                        new Actor(admin.tokenId()), Instant.now().minus(Duration.ofHours(1))));

        Api.Response read = api.get("/api/v1/rules/" + id, writer.token(), EventPositions.WAIT_HEADER,
                Long.toString(position));
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().at("/summary/enabled").asBoolean()).as(read.body()).isFalse();
    }
}
