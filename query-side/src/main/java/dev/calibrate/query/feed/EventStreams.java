package dev.calibrate.query.feed;

import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.FeedApi.CloudEvent;
import dev.calibrate.query.feed.FeedApi.EventPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open event streams of this node. Each is a task on a small shared scheduler that reads the feed
 * every poll interval (one short read-only transaction, then the connection goes back to the pool) and
 * sends what it read; between reads a stream holds no thread and no connection. A stream ends after
 * its max duration (the client reconnects with Last-Event-ID), when the client goes away, or on an error.
 */
@Component
public class EventStreams implements DisposableBean {

    /** Events read per query while a stream catches up; it reads again at once while pages come back full. */
    static final int BATCH = 500;
    private static final int THREADS = 2;
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final EventFeed feed;
    private final StreamLimits limits;
    private final ScheduledExecutorService scheduler;
    private final Map<TenantId, AtomicInteger> open = new ConcurrentHashMap<>();

    public EventStreams(EventFeed feed, StreamLimits limits) {
        this.feed = feed;
        this.limits = limits;
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "event-stream-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Opens a stream of the query's events, or refuses with a 429 when the tenant has as many open as it may. */
    public SseEmitter open(TenantId tenantId, FeedQuery query) {
        AtomicInteger count = open.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxOpenPerTenant()) {
            count.decrementAndGet();
            throw new TooManyStreams(limits.maxOpenPerTenant(), limits.pollInterval());
        }
        // the servlet's own timeout only backs up the stream's deadline, which ends it cleanly first
        SseEmitter emitter = new SseEmitter(limits.maxDuration().plus(limits.heartbeat()).toMillis());
        Stream stream = new Stream(tenantId, query, emitter, count, System.nanoTime() + limits.maxDuration().toNanos());
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(error -> stream.close());
        stream.task = scheduler.scheduleWithFixedDelay(stream::tick, 0, limits.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        if (stream.closed.get()) {
            stream.task.cancel(false);
        }
        return emitter;
    }

    /** How many streams the tenant holds open on this node. */
    public int openStreams(TenantId tenantId) {
        AtomicInteger count = open.get(tenantId);
        return count == null ? 0 : count.get();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    private final class Stream {

        private final TenantId tenantId;
        private final SseEmitter emitter;
        private final AtomicInteger count;
        private final long deadline;
        private final AtomicBoolean closed = new AtomicBoolean();
        private FeedQuery query;
        private long lastSent = Long.MIN_VALUE;
        private volatile ScheduledFuture<?> task;

        Stream(TenantId tenantId, FeedQuery query, SseEmitter emitter, AtomicInteger count, long deadline) {
            this.tenantId = tenantId;
            this.query = new FeedQuery(query.after(), query.names(), query.subject(), BATCH);
            this.emitter = emitter;
            this.count = count;
            this.deadline = deadline;
        }

        /** Runs on the scheduler, never twice at once for one stream. */
        void tick() {
            if (closed.get()) {
                return;
            }
            try {
                if (System.nanoTime() - deadline >= 0) {
                    emitter.complete();
                    close();
                    return;
                }
                EventPage page;
                do {
                    page = feed.page(tenantId, query);
                    for (CloudEvent event : page.items()) {
                        emitter.send(SseEmitter.event().id(Long.toString(event.position())).name(event.type())
                                .data(event, MediaType.APPLICATION_JSON));
                        query = query.after(event.position());
                        lastSent = System.nanoTime();
                    }
                    query = query.after(Long.parseLong(page.next()));
                } while (page.items().size() == BATCH && !closed.get() && System.nanoTime() - deadline < 0);
                if (lastSent == Long.MIN_VALUE || System.nanoTime() - lastSent >= limits.heartbeat().toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat").reconnectTime(limits.pollInterval().toMillis()));
                    lastSent = System.nanoTime();
                }
            } catch (IOException | IllegalStateException clientGone) {
                // the client went away (or the emitter was completed meanwhile): nothing to tell anyone
                emitter.completeWithError(clientGone);
                close();
            } catch (RuntimeException e) {
                log.warn("event stream of tenant {} failed after position {}", tenantId, query.after(), e);
                emitter.completeWithError(e);
                close();
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                count.decrementAndGet();
                ScheduledFuture<?> scheduled = task;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }
    }
}
