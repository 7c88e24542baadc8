package dev.calibrate.app.webhooks.endpoint;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.CreatedWebhook;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.RotatedSecret;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookRegistration;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookSummary;
import dev.calibrate.app.webhooks.endpoint.WebhooksApi.WebhookUpdate;
import dev.calibrate.app.webhooks.sending.OnDemandCalls;
import dev.calibrate.app.webhooks.sending.WebhookSignature;
import dev.calibrate.app.webhooks.sending.WebhookTargets;
import dev.calibrate.connectors.secrets.SecretBox;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.query.feed.EventTypes;
import dev.calibrate.query.feed.SafeHorizon;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Registering, changing and removing a tenant's webhook endpoints. A new endpoint receives the events
 * after the feed's safe horizon at registration: what happens from then on, not the tenant's history
 * (a replay sends that).
 */
@Service
public class Webhooks {

    static final int MAX_DESCRIPTION = 500;

    private final WebhookEndpoints endpoints;
    private final WebhookTargets targets;
    private final OnDemandCalls calls;
    private final EventTypes types;
    private final SafeHorizon horizon;
    private final SecretBox secrets;
    private final WebhookSettings settings;
    private final Clock clock;

    public Webhooks(WebhookEndpoints endpoints, WebhookTargets targets, OnDemandCalls calls, EventTypes types,
                    SafeHorizon horizon, SecretBox secrets, WebhookSettings settings, Clock clock) {
        this.endpoints = endpoints;
        this.targets = targets;
        this.calls = calls;
        this.types = types;
        this.horizon = horizon;
        this.secrets = secrets;
        this.settings = settings;
        this.clock = clock;
    }

    public CreatedWebhook register(Caller caller, WebhookRegistration body) {
        if (body == null) {
            throw new InvalidInput("url", "is required: the https URL to send events to");
        }
        List<String> eventTypes = eventTypes(body.eventTypes());
        String description = description(body.description());
        if (endpoints.count(caller.tenantId()) >= settings.maxEndpointsPerTenant()) {
            // before the name is looked up: a tenant at its limit costs no DNS lookup
            throw new InvalidInput("url", "a tenant may register at most " + settings.maxEndpointsPerTenant()
                    + " webhook endpoints; delete one first");
        }
        String url = checked(caller, body.url());
        secrets.requireKey();
        Instant now = now();
        WebhookEndpoint endpoint = new WebhookEndpoint(WebhookId.random(), caller.tenantId(), url, description,
                eventTypes, EndpointStatus.ACTIVE, null, null, horizon.position(), now, now);
        String secret = WebhookSignature.newSecret();
        endpoints.insert(endpoint, secret);
        return new CreatedWebhook(endpoint.id().value(), secret, WebhookSummary.of(endpoint, now));
    }

    public List<WebhookSummary> list(Caller caller) {
        Instant now = now();
        return endpoints.list(caller.tenantId()).stream().map(e -> WebhookSummary.of(e, now)).toList();
    }

    public WebhookEndpoint get(Caller caller, WebhookId id) {
        return endpoints.find(caller.tenantId(), id).orElseThrow(() -> new NotFound("webhook endpoint"));
    }

    public WebhookSummary summary(Caller caller, WebhookId id) {
        return WebhookSummary.of(get(caller, id), clock.instant());
    }

    /** Changes what the body names; {@code paused: false} also re-enables a disabled or failing endpoint. */
    public WebhookSummary update(Caller caller, WebhookId id, WebhookUpdate body) {
        WebhookEndpoint endpoint = get(caller, id);
        if (body == null) {
            return WebhookSummary.of(endpoint, clock.instant());
        }
        String url = body.url() == null ? endpoint.url() : checked(caller, body.url());
        List<String> eventTypes = body.eventTypes() == null ? endpoint.eventTypes() : eventTypes(body.eventTypes());
        String description = body.description() == null ? endpoint.description() : description(body.description());
        Instant now = now();
        // an endpoint of checkpoints only followed no feed: given event types, it starts from now, as a new
        // endpoint does, not from where it was registered
        boolean startsFeed = !endpoint.followsFeed() && WebhookEndpoint.followsFeed(eventTypes);
        endpoints.update(caller.tenantId(), id, url, description, eventTypes, startsFeed ? horizon.position() : null,
                now);
        if (body.paused() != null) {
            EndpointStatus status = body.paused() ? EndpointStatus.PAUSED : EndpointStatus.ACTIVE;
            if (status != endpoint.status()) {
                endpoints.setStatus(caller.tenantId(), id, status, null, now);
            }
        }
        return summary(caller, id);
    }

    public void delete(Caller caller, WebhookId id) {
        if (!endpoints.delete(caller.tenantId(), id)) {
            throw new NotFound("webhook endpoint");
        }
    }

    public RotatedSecret rotate(Caller caller, WebhookId id) {
        get(caller, id);
        secrets.requireKey();
        Instant now = now();
        Instant previousUntil = now.plus(settings.rotationOverlap());
        String secret = WebhookSignature.newSecret();
        if (!endpoints.rotate(caller.tenantId(), id, secret, previousUntil, now)) {
            throw new NotFound("webhook endpoint"); // deleted since it was read: the secret was never stored
        }
        return new RotatedSecret(id.value(), secret, previousUntil);
    }

    /** The URL if its form and where it resolves now are acceptable; resolving counts as an on-demand call. */
    private String checked(Caller caller, @Nullable String url) {
        targets.parse("url", url);
        return calls.run(caller.tenantId(), () -> targets.check(caller.tenantId(), "url", url)).toString();
    }

    /** Microseconds, as PostgreSQL stores them: what is answered is what is read back later. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * The types as given (each known to the feed, or {@link WebhookEndpoint#AUDIT_CHECKPOINT}), without repeats;
     * or {@code ["*"]} alone.
     */
    List<String> eventTypes(@Nullable List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new InvalidInput("eventTypes", "name at least one event type, or \"*\" for every type; known: "
                    + String.join(", ", types.types()) + ", " + WebhookEndpoint.AUDIT_CHECKPOINT);
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i);
            if (type == null || type.isBlank()) {
                throw new InvalidInput("eventTypes[" + i + "]", "is blank");
            }
            distinct.add(type.trim());
        }
        if (distinct.contains(WebhookEndpoint.EVERY_TYPE)) {
            if (distinct.size() > 1) {
                throw new InvalidInput("eventTypes", "\"*\" already means every type: give it alone");
            }
            return List.of(WebhookEndpoint.EVERY_TYPE);
        }
        List<String> known = new ArrayList<>();
        for (String type : distinct) {
            if (type.contains(",")) {
                throw new InvalidInput("eventTypes", "one type per element, without commas");
            }
            if (!type.equals(WebhookEndpoint.AUDIT_CHECKPOINT)) {
                types.namesOf("eventTypes", List.of(type));
            }
            known.add(type);
        }
        return known;
    }

    @Nullable
    private static String description(@Nullable String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInput("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description.strip();
    }
}
