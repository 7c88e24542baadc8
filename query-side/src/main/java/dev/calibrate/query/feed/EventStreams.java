package dev.calibrate.query.feed;

import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.feed.FeedApi.CloudEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * A stream ends after its max duration, when the client goes away or does not keep up, when its token
 * no longer allows it (asked again every credential check), or on an error. When the server ends it and the
 * client still reads, its last line is a comment that says why ({@link End}), sent as any page is.
 */
@Component
public class EventStreams implements DisposableBean {

    /** Events read per page: a stream catching up reads page after page, each a task of its own. */
    static final int BATCH = 500;
    private static final int READERS = 2;
    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    private final FeedPages feed;
    private final StreamLimits limits;
    private final StreamCredentials credentials;
    private final ScheduledExecutorService scheduler;
    /**
     * At most one send in flight per stream, so as many threads as streams at worst; a stream ended for
     * not keeping up may hold its thread until the container's write timeout, hence the headroom.
     */
    private final ThreadPoolExecutor senders;
    private final Map<TenantId, AtomicInteger> open = new ConcurrentHashMap<>();
    private final AtomicInteger openOnNode = new AtomicInteger();

    public EventStreams(FeedPages feed, StreamLimits limits, StreamCredentials credentials) {
        this.feed = feed;
        this.limits = limits;
        this.credentials = credentials;
        this.scheduler = Executors.newScheduledThreadPool(READERS, daemons("event-stream-read-"));
        this.senders = new ThreadPoolExecutor(0, 2 * limits.maxOpenPerNode(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("event-stream-send-"));
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
        Stream stream = new Stream(caller, query, emitter, count, System.nanoTime() + limits.maxDuration().toNanos());
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

    /** Why the server ends a stream, as its last comment says ({@code :end max-duration}; docs/consumers.md). */
    enum End {
        /** The stream ran as long as a stream may: reconnect with Last-Event-ID. */
        MAX_DURATION("max-duration"),
        /** The token was revoked, expired or lost the scope: reconnecting with it is a 401 or 403. */
        UNAUTHORIZED("unauthorized"),
        /** The server could not read the feed (logged): reconnect with Last-Event-ID. */
        ERROR("error");

        private final String comment;

        End(String reason) {
            this.comment = "end " + reason;
        }
    }

    /**
     * What one read hands to the sender: the messages, where to resume once they are sent, whether to read on
     * at once, and the reason the stream ends once they are sent (null while it goes on).
     */
    private record Handoff(List<SseEventBuilder> messages, List<Long> positions, long next, boolean full,
                           End end) {

        static Handoff last(End end) {
            return new Handoff(List.of(SseEmitter.event().comment(end.comment)), List.of(), 0, false, end);
        }
    }

    private final class Stream {

        private final Caller caller;
        private final TenantId tenantId;
        private final SseEmitter emitter;
        private final AtomicInteger count;
        private final long deadline;
        private final AtomicBoolean closed = new AtomicBoolean();
        /** The send in flight (its number), 0 when none: whoever clears it (the sender or the watchdog) goes on. */
        private final AtomicLong sending = new AtomicLong();
        private long sends;
        private volatile FeedQuery query;
        private volatile long lastSent = Long.MIN_VALUE;
        private volatile ScheduledFuture<?> task;
        private long credentialsCheckedAt = System.nanoTime();

        Stream(Caller caller, FeedQuery query, SseEmitter emitter, AtomicInteger count, long deadline) {
            this.caller = caller;
            this.tenantId = caller.tenantId();
            this.query = new FeedQuery(query.after(), query.names(), query.subject(), BATCH);
            this.emitter = emitter;
            this.count = count;
            this.deadline = deadline;
        }

        void readIn(long millis) {
            if (closed.get()) {
                return;
            }
            try {
                ScheduledFuture<?> next = scheduler.schedule(this::read, millis, TimeUnit.MILLISECONDS);
                task = next;
                if (closed.get()) {
                    next.cancel(false);
                }
            } catch (RejectedExecutionException shuttingDown) {
                close();
            }
        }

        /** On the scheduler: one page, then hands it to a sender (or waits for the next poll). */
        private void read() {
            if (closed.get()) {
                return;
            }
            try {
                if (System.nanoTime() - deadline >= 0) {
                    hand(Handoff.last(End.MAX_DURATION));
                    return;
                }
                if (System.nanoTime() - credentialsCheckedAt >= limits.credentialCheck().toNanos()) {
                    if (!credentials.stillAllow(caller, Scope.EVENTS_READ)) {
                        log.info("an event stream of tenant {} ends: its token no longer allows it", tenantId);
                        hand(Handoff.last(End.UNAUTHORIZED));
                        return;
                    }
                    credentialsCheckedAt = System.nanoTime();
                }
                EventFeed.Page page = feed.page(tenantId, query);
                List<SseEventBuilder> messages = new ArrayList<>(page.events().size() + 1);
                List<Long> positions = new ArrayList<>(page.events().size());
                for (CloudEvent event : page.events()) {
                    messages.add(SseEmitter.event().id(Long.toString(event.position())).name(event.type())
                            .data(event, MediaType.APPLICATION_JSON));
                    positions.add(event.position());
                }
                long next = page.next();
                if (messages.isEmpty() && page.more()) {
                    // a sparse filter's window ended with nothing in it: say how far it got, so a client that
                    // reconnects resumes there (an id with no data sets EventSource's Last-Event-ID and
                    // dispatches nothing), and scan on at once
                    messages.add(SseEmitter.event().id(Long.toString(next)).comment("scanned"));
                } else if (messages.isEmpty() && (lastSent == Long.MIN_VALUE
                        || System.nanoTime() - lastSent >= limits.heartbeat().toNanos())) {
                    messages.add(SseEmitter.event().comment("heartbeat").reconnectTime(limits.pollInterval().toMillis()));
                }
                if (messages.isEmpty()) {
                    query = query.after(next);
                    readIn(limits.pollInterval().toMillis());
                    return;
                }
                hand(new Handoff(messages, positions, next, page.more(), null));
            } catch (ReadTimedOut busy) {
                // the database is busy, not the stream broken: try again at the next poll
                log.info("an event stream of tenant {} could not read after position {} in time; retrying",
                        tenantId, query.after());
                readIn(limits.pollInterval().toMillis());
            } catch (RuntimeException e) {
                log.warn("event stream of tenant {} failed after position {}", tenantId, query.after(), e);
                hand(Handoff.last(End.ERROR));
            }
        }

        private void hand(Handoff handoff) {
            long send = ++sends;
            sending.set(send);
            try {
                senders.execute(() -> send(send, handoff));
            } catch (RejectedExecutionException tooManyStuck) {
                // no write is in flight (a stream hands on only once its last send is done): complete it here
                sending.set(0);
                log.warn("no sender for an event stream of tenant {}; ending it", tenantId);
                close();
                if (handoff.end() != null) {
                    emitter.complete();
                } else {
                    emitter.completeWithError(new IOException("no sender thread free"));
                }
                return;
            }
            try {
                scheduler.schedule(() -> {
                    if (sending.compareAndSet(send, 0)) {
                        log.info("an event stream of tenant {} did not take its events within {}; ending it",
                                tenantId, limits.sendTimeout());
                        end(new IOException("the client did not keep up"));
                    }
                }, limits.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                // no watchdog while the node stops: the send ends with the senders (destroy)
            }
        }

        /** On a sender: may block as long as the client does not read, and nobody else waits for it. */
        private void send(long send, Handoff handoff) {
            try {
                for (int i = 0; i < handoff.messages().size(); i++) {
                    emitter.send(handoff.messages().get(i));
                    if (i < handoff.positions().size()) {
                        query = query.after(handoff.positions().get(i));
                    }
                    lastSent = System.nanoTime();
                }
                if (!sending.compareAndSet(send, 0)) {
                    return; // the watchdog ended the stream meanwhile
                }
                if (handoff.end() != null) {
                    try {
                        emitter.complete();
                    } finally {
                        close();
                    }
                    return;
                }
                query = query.after(handoff.next());
                readIn(handoff.full() ? 0 : limits.pollInterval().toMillis());
            } catch (IOException | IllegalStateException clientGone) {
                // the client went away (or the emitter was completed meanwhile): nothing to tell it
                log.info("an event stream of tenant {} ended: its client is gone ({})", tenantId,
                        clientGone.toString());
                sending.set(0);
                emitter.completeWithError(clientGone);
                close();
            }
        }

        /**
         * Ends the stream now; completing the response waits for a write in flight, so it is left to a
         * sender (the container's write timeout ends that write at the latest).
         */
        private void end(Throwable why) {
            close();
            try {
                senders.execute(() -> emitter.completeWithError(why));
            } catch (RejectedExecutionException noThread) {
                // the emitter's own timeout completes the response
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                count.decrementAndGet();
                openOnNode.decrementAndGet();
                ScheduledFuture<?> scheduled = task;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            }
        }
    }
}
