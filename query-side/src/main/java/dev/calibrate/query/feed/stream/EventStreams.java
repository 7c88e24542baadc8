package dev.calibrate.query.feed.stream;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.FeedPages;
import dev.calibrate.query.feed.FeedQuery;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open event streams of this node. A stream's work comes in two halves that never share a thread:
 * <ul>
 * <li>reading: a task on a small shared scheduler reads one page of the feed (one short read-only
 *     transaction, bounded by the feed's scan window and statement timeout) and hands what it read on;</li>
 * <li>sending: a sender thread writes that page to the client. Writing to a client that does not read
 *     blocks, so it never happens on the scheduler; a send not done within the send timeout ends the
 *     stream (the client does not keep up, and resumes with Last-Event-ID when it reconnects).</li>
 * </ul>
 * A stream reads its next page only once its last one was sent: at once when the page was full (it is
 * catching up; the task goes to the back of the scheduler's queue, behind every other stream that is
 * due), else after the poll interval. So a stream far behind or a client that stops reading costs the
 * others one page read at a time, never a wait. Between reads a stream holds no thread and no connection.
 * Why and how a stream ends: {@code EventStream}.
 */
@Component
public class EventStreams implements DisposableBean {

    private static final int READERS = 2;

    private final StreamLimits limits;
    private final ScheduledExecutorService scheduler;
    /**
     * At most one send in flight per stream, so as many threads as streams at worst; a stream ended for
     * not keeping up may hold its thread until the container's write timeout, hence the headroom.
     */
    private final ThreadPoolExecutor senders;
    private final EventStream.Shared shared;
    private final Map<TenantId, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger openOnNode = new AtomicInteger();

    public EventStreams(FeedPages feed, StreamLimits limits, StreamCredentials credentials) {
        this.limits = limits;
        this.scheduler = Executors.newScheduledThreadPool(READERS, daemons("event-stream-read-"));
        this.senders = new ThreadPoolExecutor(0, 2 * limits.maxOpenPerNode(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("event-stream-send-"));
        this.shared = new EventStream.Shared(feed, limits, credentials, scheduler, senders);
    }

    /**
     * Opens a stream of the query's events, or refuses with a 429 when the tenant, or the node, has as
     * many open as it may.
     */
    public SseEmitter open(Caller caller, FeedQuery query) {
        TenantId tenantId = caller.tenantId();
        if (openOnNode.incrementAndGet() > limits.maxOpenPerNode()) {
            openOnNode.decrementAndGet();
            throw TooManyStreams.ofNode(limits.maxOpenPerNode(), limits.pollInterval());
        }
        AtomicInteger count = open.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (count.incrementAndGet() > limits.maxOpenPerTenant()) {
            count.decrementAndGet();
            openOnNode.decrementAndGet();
            throw TooManyStreams.ofTenant(limits.maxOpenPerTenant(), limits.pollInterval());
        }
        // the servlet's own timeout only backs up the stream's deadline, which ends it cleanly first: after the
        // deadline come at most a poll, a heartbeat's wait and the last comment's send
        SseEmitter emitter = new SseEmitter(limits.maxDuration().plus(limits.pollInterval()).plus(limits.heartbeat())
                .plus(limits.sendTimeout()).toMillis());
        EventStream stream = new EventStream(caller, query, emitter, System.nanoTime() + limits.maxDuration().toNanos(),
                shared, () -> {
                    count.decrementAndGet();
                    openOnNode.decrementAndGet();
                });
        emitter.onCompletion(stream::close);
        emitter.onTimeout(stream::close);
        emitter.onError(error -> stream.close());
        stream.readIn(0);
        return emitter;
    }

    /** How many streams the tenant holds open on this node. */
    public int openStreams(TenantId tenantId) {
        AtomicInteger count = open.get(tenantId);
        return count == null ? 0 : count.get();
    }

    /** How many streams all tenants together hold open on this node. */
    public int openStreams() {
        return openOnNode.get();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        senders.shutdownNow();
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
