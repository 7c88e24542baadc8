package dev.calibrate.query.feed.stream;

import dev.calibrate.kernel.tenant.Caller;
import dev.calibrate.kernel.tenant.Scope;
import dev.calibrate.kernel.tenant.TenantId;
import dev.calibrate.query.consistency.ReadTimedOut;
import dev.calibrate.query.feed.EventFeed;
import dev.calibrate.query.feed.FeedApi.CloudEvent;
import dev.calibrate.query.feed.FeedPages;
import dev.calibrate.query.feed.FeedQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter.SseEventBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open event stream: reads its tenant's feed a page at a time on the node's scheduler and hands each page
 * to a sender thread ({@link EventStreams} says why the two never share a thread). It ends after its max
 * duration, when the client goes away or does not keep up, when its token no longer allows it (asked again
 * every credential check), or on an error. When the server ends it and the client still reads, its last line
 * is a comment that says why ({@link End}), sent as any page is.
 */
final class EventStream {

    /** Events read per page: a stream catching up reads page after page, each a task of its own. */
    private static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /** What every stream of the node shares: where it reads, its limits, and the threads that do its work. */
    record Shared(FeedPages feed, StreamLimits limits, StreamCredentials credentials,
                  ScheduledExecutorService scheduler, ExecutorService senders) {
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

    private final FeedPages feed;
    private final StreamLimits limits;
    private final StreamCredentials credentials;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    /** Gives the stream's place back (its tenant's count and the node's); run once, by {@link #close()}. */
    private final Runnable release;
    private final Caller caller;
    private final TenantId tenantId;
    private final SseEmitter emitter;
    private final long deadline;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The send in flight (its number), 0 when none: whoever clears it (the sender or the watchdog) goes on. */
    private final AtomicLong sending = new AtomicLong();
    private long sends;
    private volatile FeedQuery query;
    private volatile long lastSent = Long.MIN_VALUE;
    private volatile ScheduledFuture<?> task;
    private long credentialsCheckedAt = System.nanoTime();

    EventStream(Caller caller, FeedQuery query, SseEmitter emitter, long deadline, Shared shared,
                Runnable release) {
        this.feed = shared.feed();
        this.limits = shared.limits();
        this.credentials = shared.credentials();
        this.scheduler = shared.scheduler();
        this.senders = shared.senders();
        this.release = release;
        this.caller = caller;
        this.tenantId = caller.tenantId();
        this.emitter = emitter;
        this.deadline = deadline;
        this.query = new FeedQuery(query.after(), query.names(), query.subject(), BATCH);
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
            release.run();
            ScheduledFuture<?> scheduled = task;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}
