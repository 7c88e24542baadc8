package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.DeliveryPage;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.DeliverySummary;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.ReplayQueued;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.ReplayRequest;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** An endpoint's deliveries: the outbox, replays and test events. Needs webhooks:admin. */
@RestController
@RequestMapping(path = "/api/v1/webhooks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks")
public class WebhookDeliveriesController {

    private final EndpointDeliveries deliveries;

    public WebhookDeliveriesController(EndpointDeliveries deliveries) {
        this.deliveries = deliveries;
    }

    @GetMapping("/deliveries")
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @Operation(operationId = "listWebhookDeliveries", summary = "An endpoint's deliveries, newest first",
            description = "Each with its status, attempts, the receiver's last status and first 1 KB of its answer, "
                    + "and when a pending one is sent next.")
    public DeliveryPage list(@PathVariable UUID id,
                             @Parameter(description = "Only deliveries older than this one (a page's next).")
                             @RequestParam(required = false) String before,
                             @Parameter(description = "At most this many, 1 to 100.")
                             @RequestParam(defaultValue = "50") int limit,
                             Caller caller) {
        return deliveries.list(caller, new WebhookId(id), before, limit);
    }

    @PostMapping(path = "/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @ErrorResponses({429})
    @Operation(operationId = "replayWebhookEvents", summary = "Send a range of events again",
            description = "Queues the endpoint's events (of its types) with positions from from to to (inclusive) "
                    + "after whatever it has queued. Never past what the endpoint was already sent (or has queued): "
                    + "a later to, or to left out, stops there, since the events after it are on their way. A "
                    + "request queues at most 1,000 and reads a bounded part of the range: when more is true, "
                    + "replay again from lastPosition + 1. They carry their original ids, so a receiver that "
                    + "dedupes on webhook-id skips what it has. Sent while the endpoint is active. A replay counts "
                    + "as one of the tenant's pings and URL checks running at once: 429 beyond.")
    public ReplayQueued replay(@PathVariable UUID id, @RequestBody ReplayRequest body, Caller caller) {
        return deliveries.replay(caller, new WebhookId(id), body);
    }

    @PostMapping("/ping")
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @ErrorResponses({429})
    @Operation(operationId = "pingWebhook", summary = "Send a test event now",
            description = "A signed dev.calibrate.WebhookPing.v1 CloudEvent, sent at once whatever the endpoint's "
                    + "status and not retried; answers the delivery with the receiver's answer. Each server node runs one "
                    + "ping or URL check of a tenant at a time, and a few in all: 429 when that is exceeded.")
    public DeliverySummary ping(@PathVariable UUID id, Caller caller) {
        return deliveries.ping(caller, new WebhookId(id));
    }
}
