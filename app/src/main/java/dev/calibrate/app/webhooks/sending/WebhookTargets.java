package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.kernel.error.InvalidInput;
import dev.calibrate.kernel.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a webhook may be sent: https only, and never to an address inside the server's network
 * ({@link InternalAddresses}), judged on the addresses the name resolves to, not on the name.
 * With {@code allowInsecure} (local tests) http and loopback are allowed; the rest stays
 * refused. What is refused is never told with its address: that would let a tenant map the server's
 * network by registering names; the address is logged at DEBUG.
 * <p>
 * Names are looked up on a small pool of its own ({@code workers + maxOnDemand} threads, none waiting) and
 * waited for at most the timeout, never past the request's deadline: a slow DNS server costs a pool thread,
 * never a delivery worker or a request thread. A lookup the resolver does not answer keeps its thread after
 * the wait (it cannot be interrupted), so one tenant holds at most {@code maxLookupsPerTenant} of them, counted
 * until the lookup thread itself is done: a tenant with slow names fills its own share, never the pool.
 * A lookup that finds no room (the tenant's share or the pool full) fails at once with {@link LookupBusy}:
 * that is not the name's fault, so a delivery does not count it as an attempt and registering answers 429.
 */
@Component
public class WebhookTargets {

    private static final Logger log = LoggerFactory.getLogger(WebhookTargets.class);

    /** How a host name becomes addresses: the system resolver, or a stand-in in tests. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private final boolean allowInsecure;
    private final int maxUrlLength;
    private final Lookup lookup;
    private final Duration lookupWait;
    private final ThreadPoolExecutor lookups;
    /** A permit per lookup thread, held by an admitted lookup until it is done (or given up on before it began). */
    private final Semaphore room;
    private final int perTenant;
    /** Lookups running per tenant (key {@link #NO_TENANT} for callers without one), until their thread is done. */
    private final ConcurrentMap<Object, Integer> running = new ConcurrentHashMap<>();
    private static final Object NO_TENANT = new Object();

    /** The system resolver, or a {@link Lookup} bean in its place (a test's). */
    @Autowired
    public WebhookTargets(WebhookSettings settings, ObjectProvider<Lookup> lookup) {
        this(settings, lookup.getIfAvailable(() -> InetAddress::getAllByName));
    }

    public WebhookTargets(WebhookSettings settings) {
        this(settings, InetAddress::getAllByName);
    }

    public WebhookTargets(WebhookSettings settings, Lookup lookup) {
        this.allowInsecure = settings.allowInsecure();
        this.maxUrlLength = settings.maxUrlLength();
        this.lookup = lookup;
        this.perTenant = Math.max(1, settings.maxLookupsPerTenant());
        Duration deadline = settings.requestDeadline();
        this.lookupWait = deadline.compareTo(settings.timeout()) < 0 ? deadline : settings.timeout();
        int threads = Math.max(2, settings.workers() + settings.maxOnDemand());
        // as many lookups admitted as there are threads (a permit each, until its lookup is done): one never waits
        // behind stuck ones, which would time out for nothing and be taken for a dead name. The queue only holds a
        // lookup admitted while a thread that just gave its permit back is still on its way to the next one (a
        // hand-off without a queue refused it then: "busy" with a thread about to be free)
        this.room = new Semaphore(threads);
        this.lookups = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "webhook-dns");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        // the threads stay (a few: workers plus on-demand calls): one that timed out idle could leave while a lookup
        // it was meant for waits in the queue behind a stuck one
    }

    /** The URL, parsed, if its form is acceptable; an {@link InvalidInput} on {@code field} otherwise. */
    public URI parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInput(field, "is required: the https URL to send events to");
        }
        if (url.length() > maxUrlLength) {
            throw new InvalidInput(field, "must be at most " + maxUrlLength + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInput(field, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowInsecure && scheme.equals("http"))) {
            throw new InvalidInput(field, "must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new InvalidInput(field, "must be an absolute URL with a host, without user info or fragment");
        }
        return uri;
    }

    /** What registering and editing answer for a host that does not resolve, or not to public addresses only. */
    public static final String PUBLIC_ONLY = "must resolve to public addresses only";

    /**
     * Parses the URL and checks where its host resolves to now: what registering and editing check. A name
     * that does not resolve and one that resolves to an internal address get the same answer, so that the
     * answers tell nothing of the server's network.
     */
    public URI check(String field, String url) {
        return check(null, field, url);
    }

    /**
     * As {@link #check(String, String)}, the lookup counted to {@code tenant}'s share; when there is no room
     * for it, a {@link OnDemandCalls.Busy} (429 with Retry-After): the name was not judged.
     */
    public URI check(@Nullable TenantId tenant, String field, String url) {
        URI uri = parse(field, url);
        try {
            resolve(tenant, uri.getHost(), lookupWait);
        } catch (LookupBusy busy) {
            throw new OnDemandCalls.Busy("too many webhook URL lookups are under way; try again shortly");
        } catch (UnknownHostException unknownOrRefused) {
            log.debug("Webhook target {} refused: {}", uri.getHost(), unknownOrRefused.getMessage());
            throw new InvalidInput(field, PUBLIC_ONLY);
        }
        return uri;
    }

    /**
     * The addresses to connect to for {@code host}, all of them allowed, or a {@link RefusedTarget}: a name
     * that resolves to one refused address is refused, as the connection could be made to that one.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return resolve(null, host, lookupWait);
    }

    /**
     * As {@link #resolve(String)} for {@code tenant} (null: callers without one share a share), waiting for the
     * lookup at most {@code within} (and the timeout); a {@link LookupBusy} when there is no room for it now.
     */
    public InetAddress[] resolve(@Nullable TenantId tenant, String host, Duration within) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = lookUp(tenant == null ? NO_TENANT : tenant, bare,
                within.compareTo(lookupWait) < 0 ? within : lookupWait);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException("no address");
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null) {
                log.debug("Webhook target {} refused: it resolves to {} ({})", host, refusal, address.getHostAddress());
                throw new RefusedTarget("its host resolves to " + refusal
                        + "; webhooks are only sent to public addresses");
            }
        }
        return addresses;
    }

    private InetAddress[] lookUp(Object tenant, String host, Duration within) throws UnknownHostException {
        if (within.isNegative() || within.isZero()) {
            throw new UnknownHostException("no time left to look the name up");
        }
        if (!take(tenant)) {
            throw new LookupBusy("the tenant's lookups are all under way");
        }
        // whoever claims the lookup gives the tenant's count and the pool's permit back: the lookup thread, once the
        // lookup is done, or the waiter, when it gives up before the lookup started (a cancelled task is never run,
        // so its finally would never give them back, and the tenant would be busy for good)
        if (!room.tryAcquire()) {
            give(tenant);
            throw new LookupBusy("too many lookups under way");
        }
        AtomicBoolean claimed = new AtomicBoolean();
        Future<InetAddress[]> answer;
        try {
            answer = lookups.submit(() -> {
                if (!claimed.compareAndSet(false, true)) {
                    return null; // given up on before it started
                }
                try {
                    return lookup.all(host);
                } finally {
                    // only now: a lookup that outlived the wait still holds its thread
                    give(tenant);
                    room.release();
                }
            });
        } catch (RuntimeException | Error notStarted) { // a thread that could not be made: the task never runs
            give(tenant);
            room.release();
            throw notStarted;
        }
        try {
            return answer.get(within.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            giveUp(answer, claimed, tenant);
            throw new UnknownHostException("lookup timed out");
        } catch (InterruptedException interrupted) {
            giveUp(answer, claimed, tenant);
            Thread.currentThread().interrupt();
            throw new UnknownHostException("lookup interrupted");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException("lookup failed");
        }
    }

    /** Stops waiting for a lookup; one that has not started never will, and its count is given back here. */
    private void giveUp(Future<InetAddress[]> answer, AtomicBoolean claimed, Object tenant) {
        answer.cancel(true);
        if (claimed.compareAndSet(false, true)) {
            give(tenant);
            room.release();
        }
    }

    private boolean take(Object tenant) {
        boolean[] taken = {false};
        running.compute(tenant, (t, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perTenant) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    private void give(Object tenant) {
        running.computeIfPresent(tenant, (t, count) -> count <= 1 ? null : count - 1);
    }

    /** Tenants with a lookup running (for tests: no idle tenant is kept). */
    int tenantsLookingUp() {
        return running.size();
    }

    /** Why the address is refused, or null: {@link InternalAddresses}, with loopback allowed when insecure. */
    @Nullable
    String refusal(InetAddress address) {
        return InternalAddresses.refusal(address, allowInsecure);
    }

    /**
     * No room to look the name up now (the tenant's share, or the pool, is full of lookups under way): the
     * name was not judged, and whoever asked should try again later without counting it against the target.
     */
    public static final class LookupBusy extends UnknownHostException {
        LookupBusy(String message) {
            super(message);
        }
    }

    /** The target resolves to an address webhooks are not sent to. */
    public static final class RefusedTarget extends UnknownHostException {
        RefusedTarget(String message) {
            super(message);
        }
    }
}
