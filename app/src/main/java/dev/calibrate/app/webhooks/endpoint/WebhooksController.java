package dev.calibrate.app.webhooks.endpoint;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.CreatedWebhook;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.RotatedSecret;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookList;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookRegistration;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookSummary;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookUpdate;
import dev.calibrate.kernel.error.ErrorResponses;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.RequiresScope;
import dev.calibrate.kernel.tenant.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** The tenant's webhook endpoints (docs/consumers.md, "Webhooks"). Needs webhooks:admin. */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks", description = "Endpoints that receive the tenant's events as signed CloudEvents "
        + "(Standard Webhooks), retried with backoff, in order per endpoint.")
public class WebhooksController {

    private final Webhooks webhooks;

    public WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @ErrorResponses({429, 503})
    @Operation(operationId = "registerWebhook", summary = "Register an endpoint",
            description = "Answers the endpoint's signing secret, here and nowhere else. The endpoint receives the "
                    + "events that happen from now on, of the types it names. The URL must be https and its host "
                    + "must resolve to public addresses only (400 otherwise). Each server node runs one URL check or ping of "
                    + "a tenant at a time, and a few in all: 429 when that is exceeded. 503 when the server has no "
                    + "CALIBRATE_SECRETS_KEY to seal the secret with.")
    public CreatedWebhook register(@RequestBody WebhookRegistration body, Caller caller) {
        return webhooks.register(caller, body);
    }

    @GetMapping
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @Operation(operationId = "listWebhooks", summary = "The tenant's endpoints, oldest first (never their secrets)")
    public WebhookList list(Caller caller) {
        return new WebhookList(webhooks.list(caller));
    }

    @GetMapping("/{id}")
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @Operation(operationId = "getWebhook", summary = "One endpoint (never its secret)")
    public WebhookSummary get(@PathVariable UUID id, Caller caller) {
        return webhooks.summary(caller, new WebhookId(id));
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @ErrorResponses({429})
    @Operation(operationId = "updateWebhook", summary = "Change an endpoint's URL or types, pause or re-enable it",
            description = "paused: false re-enables a paused, disabled (410) or failing endpoint: it resumes with the "
                    + "events that waited, in order. A new URL is checked like at registration (429 when the node runs "
                    + "another check or ping of the tenant, or too many in all).")
    public WebhookSummary update(@PathVariable UUID id, @RequestBody WebhookUpdate body, Caller caller) {
        return webhooks.update(caller, new WebhookId(id), body);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @Operation(operationId = "deleteWebhook", summary = "Delete an endpoint, its secrets and its deliveries")
    public void delete(@PathVariable UUID id, Caller caller) {
        webhooks.delete(caller, new WebhookId(id));
    }

    @PostMapping("/{id}/rotate-secret")
    @RequiresScope(Scope.WEBHOOKS_ADMIN)
    @ErrorResponses({503})
    @Operation(operationId = "rotateWebhookSecret", summary = "Give an endpoint a new signing secret",
            description = "Answers the new secret, once. For the overlap (24 h by default) every delivery carries "
                    + "two signatures, the new secret's first, so a receiver can switch at its own pace. 503 when the "
                    + "server has no CALIBRATE_SECRETS_KEY to seal it with.")
    public RotatedSecret rotate(@PathVariable UUID id, Caller caller) {
        return webhooks.rotate(caller, new WebhookId(id));
    }
}
