package dev.calibrate.app.webhooks.sending;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import dev.calibrate.kernel.tenant.TenantId;
import org.apache.hc.core5.io.CloseMode;
import org.springframework.lang.Nullable;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * The deadline of one request, on the thread sending it. Cancelling the request once is not enough: the
 * client would go on connecting or handshaking on a socket bound after the cancel. So every connection
 * the client makes for this request is known here ({@link #tracking}), and once the deadline has passed
 * {@link #fire()} closes all of them, each time it runs, until the request ends; a connection made after
 * that is closed as it is made. The name lookup asks {@link #remaining()} how long it may wait, and
 * {@link #tenant()} whose share of lookups it counts to.
 * <p>
 * Whoever comes first decides: {@link #finish()} (the answer was taken in time) or the cut-off (timeout).
 */
final class RequestCutOff {

    private static final ThreadLocal<RequestCutOff> CURRENT = new ThreadLocal<>();
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final long deadlineAt;
    private final Cancellable request;
    @Nullable
    private final TenantId tenant;
    private final List<ManagedHttpClientConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    private RequestCutOff(Cancellable request, Duration deadline, @Nullable TenantId tenant) {
        this.request = request;
        this.tenant = tenant;
        this.deadlineAt = System.nanoTime() + deadline.toNanos();
    }

    /** Starts the deadline of a request sent on this thread; {@link #end()} when post() returns. */
    static RequestCutOff start(Cancellable request, Duration deadline, @Nullable TenantId tenant) {
        RequestCutOff cutOff = new RequestCutOff(request, deadline, tenant);
        CURRENT.set(cutOff);
        return cutOff;
    }

    void end() {
        CURRENT.remove();
        closeAll();
    }

    /** How long the request on this thread may still take; null when none is being sent here. */
    @Nullable
    static Duration remaining() {
        RequestCutOff current = CURRENT.get();
        return current == null ? null : Duration.ofNanos(current.deadlineAt - System.nanoTime());
    }

    /** The tenant of the request on this thread; null when none is being sent here, or it has none. */
    @Nullable
    static TenantId tenant() {
        RequestCutOff current = CURRENT.get();
        return current == null ? null : current.tenant;
    }

    /** The deadline has passed: cancel the request and close every connection made for it. */
    void fire() {
        if (state.compareAndSet(RUNNING, EXPIRED) || state.get() == EXPIRED) {
            request.cancel();
            closeAll();
        }
    }

    /** The answer was taken: true when in time, false when the cut-off came first. */
    boolean finish() {
        return state.compareAndSet(RUNNING, FINISHED);
    }

    boolean expired() {
        return state.get() == EXPIRED;
    }

    private void track(ManagedHttpClientConnection connection) {
        connections.add(connection);
        if (expired()) {
            connection.close(CloseMode.IMMEDIATE);
        }
    }

    private void closeAll() {
        for (ManagedHttpClientConnection connection : connections) {
            connection.close(CloseMode.IMMEDIATE);
        }
    }

    /** The client's connection factory, each connection it makes known to the request on this thread. */
    static HttpConnectionFactory<ManagedHttpClientConnection> tracking(
            HttpConnectionFactory<ManagedHttpClientConnection> factory) {
        return new HttpConnectionFactory<>() {
            @Override
            public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
                return tracked(factory.createConnection(socket));
            }

            @Override
            public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
                return tracked(factory.createConnection(sslSocket, socket));
            }
        };
    }

    private static ManagedHttpClientConnection tracked(ManagedHttpClientConnection connection) {
        RequestCutOff current = CURRENT.get();
        if (current != null) {
            current.track(connection);
        }
        return connection;
    }
}
