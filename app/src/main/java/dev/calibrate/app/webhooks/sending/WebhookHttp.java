package dev.calibrate.app.webhooks.sending;

import dev.calibrate.app.webhooks.WebhookSettings;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one webhook request, safely: the connection goes to the addresses {@link WebhookTargets}
 * resolved and allowed (the client's DNS hook, so a name cannot resolve to a public address for the
 * check and to an internal one for the connection), no redirect is followed, connecting and waiting
 * each end after the timeout, and at most {@link #MAX_BODY} bytes of the answer are read.
 */
@Component
public class WebhookHttp implements DisposableBean {

    public static final int MAX_BODY = 1024;

    private final WebhookTargets targets;
    private final CloseableHttpClient client;

    public WebhookHttp(WebhookTargets targets, WebhookSettings settings) {
        this.targets = targets;
        Timeout timeout = Timeout.of(settings.timeout());
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckingResolver(targets))
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
    }

    public Answer post(String url, Map<String, String> headers, String body) {
        URI uri;
        try {
            uri = targets.parse("url", url);
        } catch (RuntimeException notAllowed) {
            return new Answer(null, null, null, "refused: " + notAllowed.getMessage(), true);
        }
        HttpPost request = new HttpPost(uri);
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, request, null);
            String start = readStart(response.getEntity());
            return new Answer(response.getCode(), start, retryAfter(response.getFirstHeader("Retry-After")), null,
                    false);
        } catch (WebhookTargets.RefusedTarget refused) {
            return new Answer(null, null, null, "refused: " + refused.getMessage(), true);
        } catch (UnknownHostException unknown) {
            return new Answer(null, null, null, "the host does not resolve", false);
        } catch (IOException | RuntimeException failed) {
            return new Answer(null, null, null, failed.getClass().getSimpleName()
                    + (failed.getMessage() == null ? "" : ": " + abbreviated(failed.getMessage())), false);
        } finally {
            // the rest of the answer is never read: the connection is dropped first (closing the
            // stream would drain it), and never reused
            request.cancel();
            closeQuietly(response);
        }
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

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }

    /** Resolves through the targets' check: the client connects only to the addresses returned here. */
    private record CheckingResolver(WebhookTargets targets) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return targets.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    }
}
