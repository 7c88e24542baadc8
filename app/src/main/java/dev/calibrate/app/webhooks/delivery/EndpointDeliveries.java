package dev.calibrate.app.webhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.DeliveryPage;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.DeliverySummary;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.ReplayQueued;
import dev.calibrate.app.webhooks.delivery.DeliveriesApi.ReplayRequest;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.Webhooks;
import dev.calibrate.app.webhooks.outbox.Delivery;
import dev.calibrate.app.webhooks.outbox.DeliveryKind;
import dev.calibrate.app.webhooks.outbox.OutboxFeeder;
import dev.calibrate.app.webhooks.outbox.OutboxSettings;
import dev.calibrate.app.webhooks.outbox.ReplayBacklog;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries.Queued;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries;
import dev.calibrate.app.webhooks.sending.OnDemandCalls;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.error.NotFound;
import dev.calibrate.kernel.message.RandomIds;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.query.feed.EventFeed;
import dev.calibrate.query.feed.FeedQuery;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** An endpoint's deliveries for its owner: list them, replay a range of events, send a test event. */
@Service
public class EndpointDeliveries {

    public static final String PING_TYPE = "dev.calibrate.WebhookPing.v1";
    static final int MAX_REPLAY = 1_000;
    static final int MAX_PAGE = 100;

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final OutboxFeeder feeder;
    private final DeliveryAttempts attempts;
    private final WebhookDispatcher dispatcher;
    private final ObjectMapper mapper;
    private final OutboxSettings limits;
    private final OnDemandCalls calls;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public EndpointDeliveries(Webhooks webhooks, WebhookDeliveries deliveries, OutboxFeeder feeder,
                              DeliveryAttempts attempts, WebhookDispatcher dispatcher, ObjectMapper mapper,
                              OutboxSettings limits, OnDemandCalls calls, Clock clock,
                              PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.calls = calls;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.feeder = feeder;
        this.attempts = attempts;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.limits = limits;
        this.clock = clock;
    }

    public DeliveryPage list(Caller caller, WebhookId id, @Nullable String before, int limit) {
        WebhookEndpoint endpoint = webhooks.get(caller, id);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInput("limit", "must be 1 to " + MAX_PAGE);
        }
        long beforeId = FeedQuery.position("before", before);
        List<Delivery> page = deliveries.list(caller.tenantId(), endpoint.id(), beforeId, limit);
        String next = page.size() == limit ? Long.toString(page.get(page.size() - 1).id()) : null;
        return new DeliveryPage(page.stream().map(DeliverySummary::of).toList(), next);
    }

    /**
     * Queues the endpoint's events from {@code from} to {@code to} again, after what it has queued: at most
     * {@link #MAX_REPLAY}, and no more than its outbox has room for; refused while it has more than
     * {@link OutboxSettings#replayMaxPending()} waiting. Never past the endpoint's feed cursor: the events
     * after it are still to be queued by the feeder, and replaying them too would send them twice. One
     * request reads a bounded part of the range (pages and time, {@link OutboxFeeder#range}) and runs as an
     * {@link OnDemandCalls on-demand call} (a 429 beyond its bounds); the answer's last position says where
     * it got to, and {@code more} whether to replay again from after it.
     */
    public ReplayQueued replay(Caller caller, WebhookId id, @Nullable ReplayRequest body) {
        WebhookEndpoint endpoint = webhooks.get(caller, id);
        if (body == null || body.from() == null || body.from().isBlank()) {
            throw new InvalidInput("from", "is required: the first position to send again");
        }
        long from = FeedQuery.position("from", body.from());
        long to = body.to() == null || body.to().isBlank() ? Long.MAX_VALUE : FeedQuery.position("to", body.to());
        if (from < 1) {
            throw new InvalidInput("from", "must be a position, 1 or more");
        }
        if (to < from) {
            throw new InvalidInput("to", "must be at least from");
        }
        long upTo = Math.min(to, endpoint.cursor());
        if (from > upTo) {
            return new ReplayQueued(0, null, false); // nothing sent yet in the range: the feeder sends it
        }
        ReplayQueued queued = calls.run(caller.tenantId(), () -> queue(endpoint, from, upTo));
        dispatcher.wake();
        return queued;
    }

    private ReplayQueued queue(WebhookEndpoint endpoint, long from, long upTo) {
        // the range is read with no transaction open (bounded, but it may take a while); what fits is
        // decided under the endpoint's row lock, so concurrent replays (and the feeder) cannot together
        // pass the cap, and a replay of an endpoint deleted meanwhile queues nothing
        OutboxFeeder.Range range = feeder.range(endpoint, from - 1, upTo, room(endpoint.id()));
        List<Queued> queued = transactions.execute(tx -> {
            if (!deliveries.lockEndpoint(endpoint.id())) {
                throw new NotFound("webhook endpoint");
            }
            List<Queued> fits = range.events().subList(0, Math.min(range.events().size(), room(endpoint.id())));
            deliveries.queue(endpoint.id(), endpoint.tenantId(), DeliveryKind.REPLAY, fits, clock.instant());
            return List.copyOf(fits);
        });
        if (queued.size() < range.events().size()) {
            return new ReplayQueued(queued.size(), queued.get(queued.size() - 1).position(), true);
        }
        return new ReplayQueued(queued.size(), range.readTo(), range.more());
    }

    /** How many deliveries a replay may queue now; a {@link ReplayBacklog} when none, or too many wait. */
    private int room(WebhookId endpoint) {
        int pending = deliveries.pending(endpoint);
        int room = Math.min(MAX_REPLAY, limits.maxPendingPerEndpoint() - pending);
        if (pending > limits.replayMaxPending() || room <= 0) {
            throw new ReplayBacklog(pending, limits.replayMaxPending());
        }
        return room;
    }

    /** Sends a test event now, whatever the endpoint's status, and answers how it went. */
    public DeliverySummary ping(Caller caller, WebhookId id) {
        WebhookEndpoint endpoint = webhooks.get(caller, id);
        Instant now = clock.instant();
        String eventId = RandomIds.uuid().toString();
        ObjectNode event = mapper.createObjectNode()
                .put("specversion", EventFeed.SPEC_VERSION)
                .put("id", eventId)
                .put("source", "/tenants/" + endpoint.tenantId())
                .put("type", PING_TYPE)
                .put("subject", endpoint.id().toString())
                .put("time", now.toString())
                .put("datacontenttype", EventFeed.CONTENT_TYPE);
        event.putObject("data").put("endpointId", endpoint.id().toString())
                .put("message", "A test event from Calibrate: the endpoint is reachable and can check signatures.");
        String body;
        try {
            body = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // on the request thread: bounded per tenant and node (a 429 beyond), and by the request deadline
        Queued ping = new Queued(eventId, PING_TYPE, null, body);
        return DeliverySummary.of(calls.run(caller.tenantId(), () -> attempts.ping(endpoint, ping)));
    }
}
