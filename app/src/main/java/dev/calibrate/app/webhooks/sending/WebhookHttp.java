package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import dev.calibrate.kernel.tenant.TenantId;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Sends one webhook request, safely: the connection goes to the addresses {@link WebhookTargets}
 * resolved and allowed (the client's DNS hook, so a name cannot resolve to a public address for the
 * check and to an internal one for the connection), no redirect is followed, connecting and waiting
 * each end after the timeout, the whole request ends at the deadline (a receiver trickling its answer
 * is cut off), the answer's head is bounded ({@link #MAX_LINE} per line, {@link #MAX_HEADERS} lines)
 * and at most {@link #MAX_BODY} bytes of its body are read. What went wrong is recorded in a fixed
 * vocabulary ({@link #TIMEOUT}, ...), never with an address or an exception's text: those are logged at
 * DEBUG only.
 */
@Component
public class WebhookHttp implements DisposableBean {

    public static final int MAX_BODY = 1024;
    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 100;

    public static final String REFUSED_INTERNAL = "refused: internal address";
    public static final String REFUSED_URL = "refused: not an allowed https URL";
    public static final String TIMEOUT = "timeout";
    public static final String DNS_FAILED = "dns failed";
    /** Not sent: no room to look the name up now ({@link WebhookTargets.LookupBusy}); not the target's fault. */
    public static final String DNS_BUSY = "dns busy";
    public static final String TLS_FAILED = "tls failed";
    public static final String CONNECTION_FAILED = "connection failed";
    public static final String TOO_LARGE = "answer too large";
    public static final String INVALID_ANSWER = "invalid answer";

    /** After the deadline, how often the cut-off closes what this request has connected since. */
    private static final Duration CUT_AGAIN = Duration.ofMillis(50);

    private static final Logger log = LoggerFactory.getLogger(WebhookHttp.class);

    private final WebhookTargets targets;
    private final CloseableHttpClient client;
    private final Duration deadline;
    private final ScheduledThreadPoolExecutor deadlines;

    public WebhookHttp(WebhookTargets targets, WebhookSettings settings) {
        this.targets = targets;
        this.deadline = settings.requestDeadline();
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
        Timeout timeout = Timeout.of(settings.timeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingResolver(targets))
                        .setConnectionFactory(RequestCutOff.tracking(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(MAX_LINE)
                                        .setMaxHeaderCount(MAX_HEADERS).build())
                                .build()))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .setMaxConnTotal(Math.max(2, settings.workers() * 2))
                        .setMaxConnPerRoute(Math.max(2, settings.workers()))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setRedirectsEnabled(false)
                        .setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                // every request on a connection of its own: nothing of one endpoint's answer is read
                // into another's, and an abandoned answer never holds a pooled connection
                .setConnectionReuseStrategy((request, response, context) -> false)
                .setUserAgent("Calibrate-Webhooks/1")
                .build();
    }

    /**
     * What became of one request: the status and the start of the body when the receiver answered,
     * otherwise why not ({@code refused} when the target's address is not allowed).
     */
    public record Answer(@Nullable Integer status, @Nullable String body, @Nullable Duration retryAfter,
                         @Nullable String error, boolean refused) {

        public boolean succeeded() {
            return status != null && status >= 200 && status < 300;
        }

        /** Nothing was sent, for a reason that is not the target's (no room to look its name up now). */
        public boolean notAttempted() {
            return status == null && DNS_BUSY.equals(error);
        }
    }

    /** As {@link #post(TenantId, String, Map, String, Duration)} with no tenant and the configured deadline. */
    public Answer post(String url, Map<String, String> headers, String body) {
        return post(null, url, headers, body, deadline);
    }

    /**
     * Sends for {@code tenant} (whose share of name lookups it uses), ending at {@code within} or the
     * configured deadline, whichever comes first.
     */
    public Answer post(@Nullable TenantId tenant, String url, Map<String, String> headers, String body,
                       Duration within) {
        Duration deadline = within.compareTo(this.deadline) < 0 ? within : this.deadline;
        if (deadline.isNegative() || deadline.isZero()) {
            return failed(TIMEOUT, false);
        }
        URI uri;
        try {
            uri = targets.parse("url", url);
        } catch (RuntimeException notAllowed) {
            log.debug("Webhook target not allowed: {}", notAllowed.getMessage());
            return failed(REFUSED_URL, true);
        }
        HttpPost request = new HttpPost(uri);
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        RequestCutOff cutOff = RequestCutOff.start(request, deadline, tenant);
        // after the deadline, again and again until post() returns: a connection made after one cut is cut too
        ScheduledFuture<?> cutting = deadlines.scheduleWithFixedDelay(cutOff::fire, deadline.toNanos(),
                CUT_AGAIN.toNanos(), TimeUnit.NANOSECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, request, null);
            String start = readStart(response.getEntity());
            // the answer is taken first; only if the cut-off did not come before is it the answer
            if (!cutOff.finish()) {
                return failed(TIMEOUT, false);
            }
            return new Answer(response.getCode(), start, retryAfter(response.getFirstHeader("Retry-After")), null,
                    false);
        } catch (WebhookTargets.RefusedTarget refused) {
            return failed(REFUSED_INTERNAL, true);
        } catch (IOException | RuntimeException failure) {
            String reason = cutOff.finish() ? reason(failure) : TIMEOUT;
            log.debug("Webhook request to {} failed ({})", uri.getHost(), reason, failure);
            return failed(reason, false);
        } finally {
            cutting.cancel(false);
            // the rest of the answer is never read: the connection is dropped first (closing the
            // stream would drain it), and never reused
            request.cancel();
            cutOff.end();
            closeQuietly(response);
        }
    }

    private static Answer failed(String reason, boolean refused) {
        return new Answer(null, null, null, reason, refused);
    }

    /** The failure in the recorded vocabulary: what kind of thing went wrong, nothing of where. */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WebhookTargets.RefusedTarget) {
                return REFUSED_INTERNAL;
            }
            if (cause instanceof WebhookTargets.LookupBusy) {
                return DNS_BUSY;
            }
            if (cause instanceof UnknownHostException) {
                return DNS_FAILED;
            }
            if (cause instanceof InterruptedIOException) {
                return TIMEOUT; // socket and connect timeouts
            }
            if (cause instanceof SSLException) {
                return TLS_FAILED;
            }
            if (cause instanceof MessageConstraintException) {
                return TOO_LARGE;
            }
            if (cause instanceof org.apache.hc.core5.http.ProtocolException
                    || cause instanceof org.apache.hc.core5.http.NoHttpResponseException
                    || cause instanceof org.apache.hc.core5.http.ParseException) {
                return INVALID_ANSWER;
            }
        }
        return CONNECTION_FAILED;
    }

    private static void closeQuietly(@Nullable ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException alreadyDropped) {
                // the connection was cancelled: nothing left to release
            }
        }
    }

    private static String readStart(@Nullable HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        InputStream in = entity.getContent();
        byte[] start = in == null ? new byte[0] : in.readNBytes(MAX_BODY);
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(start)).toString();
    }

    /** Seconds or an HTTP date; anything else is ignored. */
    @Nullable
    static Duration retryAfter(@Nullable Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        try {
            if (value.matches("\\d{1,9}")) {
                return Duration.ofSeconds(Long.parseLong(value));
            }
            java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(value,
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(java.time.Instant.now(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (java.time.format.DateTimeParseException notADate) {
            return null;
        }
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    /**
     * Resolves through the targets' check, waiting no longer than the request's deadline leaves, and hands
     * the client ONE checked address: the client would otherwise try the next address after a failure,
     * each with a fresh connect and handshake.
     */
    private record CheckingResolver(WebhookTargets targets) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            Duration left = RequestCutOff.remaining();
            InetAddress[] checked = left == null ? targets.resolve(host)
                    : targets.resolve(RequestCutOff.tenant(), host, left);
            return new InetAddress[]{checked[0]};
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return List.of(new InetSocketAddress(resolve(host)[0], port));
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    }
}
