package dev.calibrate.app.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calibrate.app.feed.FeedSteps.FeedTenant;
import dev.calibrate.app.support.Api;
import dev.calibrate.app.support.IntegrationTest;
import dev.calibrate.kernel.product.ProductId;
import dev.calibrate.kernel.product.ProductMessages.ProductDeactivated;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static dev.calibrate.app.feed.FeedSteps.positions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event the server cannot decode (a payload that is not what its type says, a type this release
 * does not know) is still served, in its place, with {@code data: null} and {@code calibrateerror}
 * saying why: never a 5xx, never a skipped event.
 */
class UndecodableEventTest extends IntegrationTest {

    @Autowired
    Environment env;

    @Test
    void anEventThatCannotBeDecodedIsServedInItsPlaceWithoutData() throws Exception {
        FeedSteps steps = new FeedSteps(api);
        StoredEvents store = new StoredEvents(env);
        FeedTenant acme = steps.tenant("Undecodable " + UUID.randomUUID());
        String start = steps.page(acme, "?limit=1000").get("next").asText();
        steps.createProduct(acme, "UD-1");

        long garbled = store.append(acme, ProductId.AGGREGATE_TYPE, ProductDeactivated.class.getName(),
                "{not json at all".getBytes(StandardCharsets.UTF_8));
        long unknown = store.append(acme, ProductId.AGGREGATE_TYPE, "dev.calibrate.kernel.product.ProductTeleported",
                "{\"to\":\"mars\"}".getBytes(StandardCharsets.UTF_8));
        Api.Response after = steps.createProductNow(acme, "UD-2");
        steps.served(acme, after.position());

        Api.Response page = api.get("/api/v1/events?limit=1000&after=" + start, acme.reader().token());
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> events = steps.all(acme, start, 2, "");

        assertThat(positions(events)).contains(garbled, unknown).isSorted();
        JsonNode garbledEvent = at(events, garbled);
        assertThat(garbledEvent.get("type").asText()).isEqualTo("dev.calibrate.ProductDeactivated.v1");
        assertThat(garbledEvent.has("data")).isTrue();
        assertThat(garbledEvent.get("data").isNull()).isTrue();
        assertThat(garbledEvent.get("calibrateerror").asText()).isEqualTo("undecodable");
        assertThat(garbledEvent.get("id").asText()).isNotBlank();
        assertThat(garbledEvent.get("source").asText()).isEqualTo("/tenants/" + acme.id());
        JsonNode unknownEvent = at(events, unknown);
        assertThat(unknownEvent.get("type").asText()).isEqualTo("dev.calibrate.ProductTeleported.v1");
        assertThat(unknownEvent.get("data").isNull()).isTrue();
        assertThat(unknownEvent.get("calibrateerror").asText()).isEqualTo("undecodable");
        // the events after them are served as ever, and decoded ones say nothing about errors
        assertThat(events).filteredOn(e -> e.get("position").asLong() > unknown)
                .anySatisfy(e -> assertThat(e.get("data").path("sku").asText()).isEqualTo("UD-2"));
        assertThat(events).filteredOn(e -> e.get("position").asLong() != garbled && e.get("position").asLong() != unknown)
                .allSatisfy(e -> {
                    assertThat(e.has("calibrateerror")).isFalse();
                    assertThat(e.get("data").isObject()).isTrue();
                });
        assertThat(page.body()).doesNotContain("not json at all").doesNotContain("mars");
    }

    private static JsonNode at(List<JsonNode> events, long position) {
        return events.stream().filter(e -> e.get("position").asLong() == position).findFirst().orElseThrow();
    }
}
