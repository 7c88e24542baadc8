package dev.calibrate.connectors.amazon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * How Calibrate reaches Amazon ({@code calibrate.amazon.*} in application.yml, each settable from the
 * environment: {@code CALIBRATE_AMAZON_LWA_URL}, {@code CALIBRATE_AMAZON_SPAPI_BASE_URL}, ...).
 *
 * @param lwaUrl         the full Login with Amazon token URL
 * @param spapiBaseUrl   the Selling Partner API base URL; blank: the region's own endpoint
 *                       ({@code https://sellingpartnerapi-na.amazon.com} and so on). A sandbox or fake
 *                       server stands in by setting it.
 * @param connectTimeout TCP connect timeout of every call
 * @param requestTimeout time limit of one call; a slower answer counts as a failure and is retried
 * @param maxAttempts    attempts of one SP-API call on 429 QuotaExceeded, 5xx and timeouts
 * @param tokenMargin    an access token is renewed this long before Amazon says it expires
 * @param ingestReadAhead groups of up to 20 listings an ingest reads ahead of writing them (it waits when
 *                       that many are waiting): bounds an ingest's memory; the writer takes every
 *                       waiting group at once, so at most twice this many are held
 */
@ConfigurationProperties("calibrate.amazon")
public record AmazonSettings(@DefaultValue("https://api.amazon.com/auth/o2/token") String lwaUrl,
                             @DefaultValue("") String spapiBaseUrl,
                             @DefaultValue("10s") Duration connectTimeout,
                             @DefaultValue("30s") Duration requestTimeout,
                             @DefaultValue("6") int maxAttempts,
                             @DefaultValue("60s") Duration tokenMargin,
                             @DefaultValue("10") int ingestReadAhead) {

    public AmazonSettings {
        if (lwaUrl.isBlank()) {
            throw new IllegalArgumentException("calibrate.amazon.lwa-url must be the Login with Amazon token URL");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("calibrate.amazon.max-attempts must be at least 1");
        }
        if (ingestReadAhead < 1) {
            throw new IllegalArgumentException("calibrate.amazon.ingest-read-ahead must be at least 1");
        }
    }

    public URI lwaUri() {
        return URI.create(lwaUrl);
    }

    /** Where the region's Selling Partner API lives, without a trailing slash. */
    public String spApiBase(AmazonRegion region) {
        String base = spapiBaseUrl.isBlank() ? region.endpoint() : spapiBaseUrl;
        return base.replaceAll("/+$", "");
    }
}
