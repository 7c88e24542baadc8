package dev.calibrate.app.webhooks.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries.Queued;
import dev.calibrate.query.feed.EventFeed;
import dev.calibrate.query.feed.FeedApi.CloudEvent;
import dev.calibrate.query.feed.FeedQuery;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fills an endpoint's outbox from the event feed: the next events after its cursor (below the feed's
 * safe horizon, so none is passed over), of its types, queued in the transaction that moves the cursor
 * past them. Whatever is read but not committed is read again: nothing is lost, nothing queued twice.
 */
@Component
public class OutboxFeeder {

    private final EventFeed feed;
    private final WebhookDeliveries deliveries;
    private final ObjectMapper mapper;
    private final TransactionTemplate transactions;
    private final WebhookSettings settings;
    private final OutboxSettings limits;
    private final Clock clock;

    public OutboxFeeder(EventFeed feed, WebhookDeliveries deliveries, ObjectMapper mapper,
                        PlatformTransactionManager transactionManager, WebhookSettings settings,
                        OutboxSettings limits, Clock clock) {
        this.feed = feed;
        this.deliveries = deliveries;
        this.mapper = mapper;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Queues the endpoint's next events, unless its outbox already holds a batch, and never past
     * {@link OutboxSettings#maxPendingPerEndpoint()} waiting (the cursor stays before what is not queued,
     * so it comes once the backlog drains); true if the cursor moved.
     */
    public boolean feed(WebhookEndpoint endpoint) {
        if (!endpoint.followsFeed()) {
            return false; // checkpoints only: they are queued as they are signed
        }
        int pending = deliveries.pending(endpoint.id());
        int room = Math.min(settings.batchSize(), limits.maxPendingPerEndpoint() - pending);
        if (pending >= settings.batchSize() || room <= 0) {
            return false;
        }
        EventFeed.Page page = feed.page(endpoint.tenantId(), new FeedQuery(endpoint.cursor(), names(endpoint), null,
                room));
        long next = page.next();
        if (next <= endpoint.cursor()) {
            return false;
        }
        List<Queued> queued = page.events().stream().map(this::queued).toList();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!deliveries.lockAtCursor(endpoint.id(), endpoint.cursor())) {
                return false;
            }
            if (deliveries.pending(endpoint.id()) + queued.size() > limits.maxPendingPerEndpoint()) {
                return false; // a replay took the room since it was counted: the next pass queues what fits
            }
            deliveries.queue(endpoint.id(), endpoint.tenantId(), DeliveryKind.EVENT, queued, clock.instant());
            deliveries.moveCursor(endpoint.id(), next);
            return true;
        }));
    }

    /**
     * What a replay's read found: the events, and the position it read up to (every event of the
     * endpoint's types up to it is among them); {@code more} when the range goes on past it.
     */
    public record Range(List<Queued> events, long readTo, boolean more) {
    }

    /**
     * The events of the endpoint's types after {@code after} up to {@code to}, at most {@code limit}, for
     * a replay: read within {@link OutboxSettings#replayMaxPages()} feed pages and
     * {@link OutboxSettings#replayMaxDuration()} (a sparse filter over many events is not read to its end
     * in one request: the answer says where it got to).
     */
    public Range range(WebhookEndpoint endpoint, long after, long to, int limit) {
        if (!endpoint.followsFeed()) {
            return new Range(List.of(), to, false);
        }
        Set<String> names = names(endpoint);
        List<Queued> found = new ArrayList<>();
        long deadline = System.nanoTime() + limits.replayMaxDuration().toNanos();
        long cursor = after;
        for (int pages = 0; pages < limits.replayMaxPages() && System.nanoTime() - deadline < 0; pages++) {
            EventFeed.Page page = feed.page(endpoint.tenantId(), new FeedQuery(cursor, names, null,
                    Math.min(FeedQuery.MAX_LIMIT, limit - found.size() + 1)));
            for (CloudEvent event : page.events()) {
                if (event.position() > to) {
                    return new Range(found, to, false);
                }
                if (found.size() == limit) {
                    long last = found.get(found.size() - 1).position();
                    return new Range(found, last, last < to);
                }
                found.add(queued(event));
            }
            long next = page.next();
            // a sparse filter's page may be empty with more to scan: only the horizon (more false) ends it
            if (!page.more() || next <= cursor || next >= to) {
                return new Range(found, Math.min(Math.max(next, cursor), to), false);
            }
            cursor = next;
        }
        return new Range(found, cursor, cursor < to);
    }

    /** The feed's event names for the endpoint's types ({@code dev.calibrate.ProductCreated.v1}: ProductCreated). */
    static Set<String> names(WebhookEndpoint endpoint) {
        Set<String> names = new LinkedHashSet<>();
        if (!endpoint.everyType()) {
            endpoint.feedTypes().forEach(type -> names.add(type.replaceAll("^dev\\.calibrate\\.|\\.v\\d+$", "")));
        }
        return names;
    }

    Queued queued(CloudEvent event) {
        try {
            return new Queued(event.id(), event.type(), event.position(), mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
