package dev.calibrate.app.webhooks.delivery;

import dev.calibrate.app.webhooks.WebhookId;
import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoint;
import dev.calibrate.app.webhooks.endpoint.WebhookEndpoints;
import dev.calibrate.app.webhooks.outbox.DeliveryRetention;
import dev.calibrate.app.webhooks.outbox.OutboxFeeder;
import dev.calibrate.app.webhooks.outbox.OutboxTime;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries.Due;
import dev.calibrate.app.webhooks.outbox.WebhookDeliveries;
import dev.calibrate.kernel.message.EventTable;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The delivery loop of one node: every poll interval (or at once after a delivery settled) it fills
 * the active endpoints' outboxes from the feed and hands the due deliveries to a bounded pool of
 * workers: one delivery per endpoint at a time, and at most {@code maxInFlightPerTenant} per tenant,
 * so one tenant's slow endpoints leave workers for the others (and a pass takes at most that many of a
 * tenant's due deliveries, in turns, so one tenant's backlog cannot crowd the others out of it). Across
 * nodes the row lock of {@link OutboxFeeder} and the leases of {@link DeliveryAttempts} keep the same
 * guarantees. It also starts the {@link DeliveryRetention} job, on a thread of its own.
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final OutboxFeeder feeder;
    private final DeliveryAttempts attempts;
    private final DeliveryRetention retention;
    private final WebhookSettings settings;
    private final OutboxTime time;
    private final EventTable eventTable;
    private final Object wake = new Object();
    private final Set<WebhookId> inFlight = new HashSet<>();
    private final Map<TenantId, Integer> inFlightByTenant = new HashMap<>();
    private ExecutorService workers;
    private ThreadPoolExecutor retentionRunner;
    private Thread loop;
    private volatile boolean running;
    private boolean woken;

    public WebhookDispatcher(WebhookEndpoints endpoints, WebhookDeliveries deliveries, OutboxFeeder feeder,
                             DeliveryAttempts attempts, DeliveryRetention retention, WebhookSettings settings,
                             OutboxTime time, EventTable eventTable) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.feeder = feeder;
        this.attempts = attempts;
        this.retention = retention;
        this.settings = settings;
        this.time = time;
        this.eventTable = eventTable;
    }

    /**
     * Not where the events are in Axon Server (the axonserver profile): its feeder pages PostgreSQL's event
     * table, which holds none there, and webhooks are switched off (docs/operations.md#axon-server-profile).
     */
    @Override
    public boolean isAutoStartup() {
        return eventTable.holdsEvents();
    }

    @Override
    public synchronized void start() {
        running = true;
        workers = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-worker");
            thread.setDaemon(true);
            return thread;
        });
        // retention on a thread of its own: a long purge never holds up deliveries; one run at a time, and
        // none queued behind it
        retentionRunner = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "webhook-retention");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
        loop = new Thread(this::run, "webhook-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        retentionRunner.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.timeout().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Runs a pass now rather than at the next poll interval (a test, a delivery that settled). */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                pass();
            } catch (RuntimeException failed) {
                log.warn("A webhook delivery pass failed; the next one tries again", failed);
            }
            retentionRunner.execute(() -> {
                try {
                    retention.runIfDue();
                } catch (RuntimeException failed) {
                    log.warn("Deleting old webhook deliveries failed; the next run tries again", failed);
                }
            });
            synchronized (wake) {
                try {
                    if (!woken && running) {
                        wake.wait(settings.pollInterval().toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                woken = false;
            }
        }
    }

    void pass() {
        for (WebhookEndpoint endpoint : endpoints.active()) {
            if (!running) {
                return;
            }
            try {
                feeder.feed(endpoint);
            } catch (RuntimeException failed) {
                log.warn("Could not queue events for webhook endpoint {} of tenant {}", endpoint.id(),
                        endpoint.tenantId(), failed);
            }
        }
        int free;
        synchronized (inFlight) {
            free = settings.workers() - inFlight.size();
        }
        if (free <= 0) {
            return;
        }
        for (Due due : deliveries.due(time.now(), settings.maxInFlightPerTenant(), free * 4)) {
            synchronized (inFlight) {
                if (inFlight.size() >= settings.workers()) {
                    return;
                }
                int tenantCount = inFlightByTenant.getOrDefault(due.tenantId(), 0);
                if (inFlight.contains(due.endpointId()) || tenantCount >= settings.maxInFlightPerTenant()) {
                    continue;
                }
                inFlight.add(due.endpointId());
                inFlightByTenant.put(due.tenantId(), tenantCount + 1);
            }
            workers.execute(() -> send(due));
        }
    }

    private void send(Due due) {
        boolean sent = false;
        try {
            sent = attempts.attempt(due.id(), due.endpointId());
        } catch (RuntimeException failed) {
            log.warn("Webhook delivery {} to endpoint {} could not be attempted", due.id(), due.endpointId(), failed);
        } finally {
            synchronized (inFlight) {
                inFlight.remove(due.endpointId());
                inFlightByTenant.computeIfPresent(due.tenantId(), (tenant, count) -> count > 1 ? count - 1 : null);
            }
        }
        if (sent) {
            wake();
        }
    }
}
