package dev.calibrate.app.cluster;

import dev.calibrate.app.support.Api;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * What a load balancer in front of the nodes does, no more: each request goes to the next node in turn;
 * one the node refused the connection for or answered 503 goes to the next node, as often as it takes
 * within {@code patience}, and that node is passed over for {@code passOver} (a passive health check,
 * nginx's {@code fail_timeout}). A connection that broke after the request was sent may have been carried
 * out: only an idempotent request ({@link #sendIdempotent}) is sent again then, as nginx's
 * {@code proxy_next_upstream error} does; {@link #send} throws it to the caller. Every other answer, 5xx
 * included, is the caller's.
 */
final class RoundRobinClient {

    private final List<Api> nodes;
    private final Duration patience;
    private final long passOverNanos;
    private final AtomicLongArray passedOverUntil;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger broken = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();

    RoundRobinClient(List<Api> nodes, Duration patience, Duration passOver) {
        this.nodes = List.copyOf(nodes);
        this.patience = patience;
        this.passOverNanos = passOver.toNanos();
        this.passedOverUntil = new AtomicLongArray(nodes.size());
    }

    /**
     * The first answer that is neither a refused connection nor a 503; throws once patience is spent, and
     * throws the {@link UncheckedIOException} of a connection that broke once the request was sent.
     */
    Api.Response send(Function<Api, Api.Response> request) {
        return send(request, false);
    }

    /** As {@link #send}, but a request whose connection broke is sent again too: a read, a {@code PUT}. */
    Api.Response sendIdempotent(Function<Api, Api.Response> request) {
        return send(request, true);
    }

    private Api.Response send(Function<Api, Api.Response> request, boolean idempotent) {
        long deadline = System.nanoTime() + patience.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            int index = pick();
            try {
                Api.Response response = request.apply(nodes.get(index));
                if (response.status() != 503) {
                    return response;
                }
                unavailable.incrementAndGet();
                last = new IllegalStateException("503: " + response.body());
            } catch (UncheckedIOException notAnswered) {
                boolean wasRefused = notAnswered.getCause() instanceof ConnectException;
                (wasRefused ? refused : broken).incrementAndGet();
                if (!wasRefused && !idempotent) {
                    throw notAnswered;
                }
                last = notAnswered;
            }
            passedOverUntil.set(index, System.nanoTime() + passOverNanos);
            pause();
        }
        throw new IllegalStateException("no node answered within " + patience, last);
    }

    /** The next node in turn not passed over; if every node is, the next in turn. */
    private int pick() {
        int first = Math.floorMod(next.getAndIncrement(), nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            int index = (first + i) % nodes.size();
            if (passedOverUntil.get(index) - System.nanoTime() <= 0) {
                return index;
            }
        }
        return first;
    }

    /** Requests sent again because a node refused the connection (it was not listening). */
    int refused() {
        return refused.get();
    }

    /** Connections that broke before the answer came (reset, closed): idempotent requests were sent again. */
    int broken() {
        return broken.get();
    }

    /** Requests sent again because a node answered 503. */
    int unavailable() {
        return unavailable.get();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
