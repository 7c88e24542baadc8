package dev.calibrate.app.support;

import com.fasterxml.jackson.databind.JsonNode;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** What the {@code eventProcessors} health component says about the read models' progress. */
public final class EventProcessors {

    private EventProcessors() {
    }

    /** The {@code eventProcessors} component of {@code /actuator/health}, as an operator sees it. */
    public static JsonNode health(Api api) {
        Api.Response health = api.healthDetails();
        return health.json().path("components").path("eventProcessors");
    }

    /** True when {@code processor} runs, is not replaying and has handled every event in the store. */
    public static boolean caughtUp(JsonNode component, String processor) {
        JsonNode detail = component.path("details").path(processor);
        long head = component.path("details").path("head").asLong(-1);
        return detail.path("running").asBoolean(false)
                && !detail.path("error").asBoolean(true)
                && !detail.path("replaying").asBoolean(true)
                && detail.path("position").asLong(-2) == head;
    }

    /** Waits until each of {@code processors} has caught up with the head of the event stream. */
    public static void awaitCaughtUp(Api api, String... processors) {
        try {
            await("event processors caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        JsonNode component = health(api);
                        for (String processor : processors) {
                            if (!caughtUp(component, processor)) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("processors not caught up: " + health(api), timeout);
        }
    }
}
